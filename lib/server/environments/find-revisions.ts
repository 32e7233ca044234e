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
  // An empty page past the last revision is an answer; for an environment that does not exist it
  // is not, whatever the cursor says.
  if (page.items.length === 0 && !(await ctx.deps.environments.findHead(name))) throw new NotFound(`no environment named ${name}`);
  return page;
}
