import type { RunDto } from '@/lib/core/deploy/run-contract';
import { DateTime } from '@/components/ui/date-time';

/** Who asked for a run, who approved its plan, which plan (by hash) and when. */
export function RunSummary({ run }: { run: RunDto }) {
  return (
    <span className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      <span>
        requested by <span data-testid="run-requester">{run.requestedBy.email}</span>
      </span>
      <span>approved by {run.approvers.length ? run.approvers.map((approver) => approver.email).join(', ') : 'nobody (none needed)'}</span>
      <span className="font-mono text-xs">plan {run.planHash.slice(0, 12)}</span>
      <span>
        on {run.cluster}, <DateTime value={run.createdAt} />
      </span>
      {run.attempts > 1 ? <span>{run.attempts} attempts (resumed after a worker stopped)</span> : null}
    </span>
  );
}
