import type { Actor } from '../auth/roles';
import type { Verdict } from './approval-policy';
import type { RunStatus } from './deploy-ports';

// Who may cancel a deploy run, and when: those who may deploy (operators, admins), and only while it
// is queued. A running run is never cut off midway from outside: its objects are being applied, and
// stopping it there would leave the environment half-deployed with nobody finishing it.

export function canCancelRun(actor: Actor, run: { status: RunStatus }): Verdict {
  if (actor.role !== 'operator' && actor.role !== 'admin') return { allowed: false, kind: 'forbidden', reason: `cancelling a deploy run needs the operator or admin role (you are ${actor.role})` };
  if (run.status !== 'queued') return { allowed: false, kind: 'conflict', reason: `the run is ${run.status}: only a queued run can be cancelled` };
  return { allowed: true };
}
