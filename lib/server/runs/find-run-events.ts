import { canReadEnvironments } from '@/lib/core/auth/roles';
import type { RunEventRecord } from '@/lib/core/deploy/deploy-ports';
import type { UseCaseContext } from '../context';
import { enforce, requireActor } from '../context';

/** A run's events after `afterId`, oldest first (the SSE stream polls this). */
export async function findRunEvents(ctx: UseCaseContext, runId: string, afterId: string | null, limit = 200): Promise<RunEventRecord[]> {
  enforce(canReadEnvironments(requireActor(ctx)));
  return ctx.deps.runs.findEvents(runId, afterId, limit);
}
