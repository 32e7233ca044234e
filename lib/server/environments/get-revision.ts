import { canReadEnvironments } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import type { RevisionRecord } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

export async function getRevision(ctx: UseCaseContext, name: string, number: number): Promise<RevisionRecord> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const revision = await ctx.deps.environments.findRevision(name, number);
  if (!revision) throw new NotFound(`${name} has no revision ${number}`);
  return revision;
}
