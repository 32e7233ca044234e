import { canReadEnvironments } from '@/lib/core/auth/roles';
import { diffSpecs, type SpecChange } from '@/lib/core/environments/spec-diff';
import { NotFound } from '@/lib/core/errors';
import { enforce, requireActor, type UseCaseContext } from '../context';

export async function getRevisionDiff(
  ctx: UseCaseContext,
  name: string,
  from: number,
  to: number,
): Promise<{ from: number; to: number; changes: SpecChange[] }> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const [before, after] = await Promise.all([
    ctx.deps.environments.findRevision(name, from),
    ctx.deps.environments.findRevision(name, to),
  ]);
  if (!before) throw new NotFound(`${name} has no revision ${from}`);
  if (!after) throw new NotFound(`${name} has no revision ${to}`);
  return { from, to, changes: diffSpecs(before.spec, after.spec) };
}
