import { canReadEnvironments } from '@/lib/core/auth/roles';
import type { RunObjectRecord, RunRecord } from '@/lib/core/deploy/deploy-ports';
import { NotFound } from '@/lib/core/errors';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** One run with each object's outcome. */
export async function getRun(ctx: UseCaseContext, id: string): Promise<RunRecord & { objects: RunObjectRecord[] }> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const run = await ctx.deps.runs.getRun(id);
  if (!run) throw new NotFound(`no run ${id}`);
  return run;
}
