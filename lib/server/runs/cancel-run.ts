import type { RunRecord } from '@/lib/core/deploy/deploy-ports';
import { canCancelRun } from '@/lib/core/deploy/run-policy';
import { NotFound } from '@/lib/core/errors';
import { enforceVerdict } from '../approvals/enforce-verdict';
import { auditEntry, requireActor, type UseCaseContext } from '../context';

/**
 * Cancels a queued deploy run (operators and admins): no worker took it (none running, or all busy)
 * and it holds the environment's one active-run slot. Its plan fails; a new plan deploys later. The
 * policy is asked again on the locked run row, so a worker claiming it meanwhile wins (409).
 */
export async function cancelRun(ctx: UseCaseContext, runId: string): Promise<RunRecord> {
  const actor = requireActor(ctx);
  const run = await ctx.deps.runs.getRun(runId);
  if (!run) throw new NotFound(`no run ${runId}`);
  enforceVerdict(canCancelRun(actor, run));
  return ctx.deps.runs.cancelRun(
    runId,
    (locked) => enforceVerdict(canCancelRun(actor, locked)),
    auditEntry(ctx, { action: 'run.cancelled', targetType: 'environment', targetName: run.environment, summary: `deploy run ${runId} of plan ${run.planId} (revision ${run.revisionNumber}) cancelled by ${actor.email}` }),
  );
}
