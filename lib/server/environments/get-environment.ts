import { canReadEnvironments } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import type { RevisionRecord } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** The head revision of an environment. */
export async function getEnvironment(ctx: UseCaseContext, name: string): Promise<RevisionRecord> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const head = await ctx.deps.environments.findHead(name);
  if (!head) throw new NotFound(`no environment named ${name}`);
  return head;
}
