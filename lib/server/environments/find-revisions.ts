import { canReadEnvironments } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import type { Page, RevisionSummary } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

export async function findRevisions(
  ctx: UseCaseContext,
  name: string,
  query: { limit: number; before?: number },
): Promise<Page<RevisionSummary>> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const page = await ctx.deps.environments.findRevisions(name, query);
  // An empty page is an answer only for an environment that exists (a cursor past its first revision).
  if (page.items.length === 0 && !(await ctx.deps.environments.environmentExists(name))) throw new NotFound(`no environment named ${name}`);
  return page;
}
