import { canReadEnvironments } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import type { Page, RevisionRecord } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

export async function findRevisions(
  ctx: UseCaseContext,
  name: string,
  query: { limit: number; before?: number },
): Promise<Page<RevisionRecord>> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const page = await ctx.deps.environments.findRevisions(name, query);
  if (page.items.length === 0 && !query.before) throw new NotFound(`no environment named ${name}`);
  return page;
}
