import type { EnvironmentSpec } from '../environments/environment-spec';

// Which approvals a plan needs, and which revisions may be planned at all. A plan of an earlier
// revision (a rollback, or POST /environments/{name}/plans with a revision) writes into the
// environment as it is today: it needs today's approvals, not those of the revision it deploys,
// or planning a revision from before an environment was protected would skip its approvers.

export type Protection = EnvironmentSpec['protection'];

export type ApprovalGate = { protected: boolean; approvalsRequired: number; approvalExpiryHours: number };

/**
 * The strictest of the planned revision's protection and the environment's head's (today's policy:
 * an admin lifting the protection takes effect, raising it too): protected if either is, the most
 * approvals a protected one asks (at least one), the shortest expiry.
 */
export function approvalGate(revision: Protection, head: Protection): ApprovalGate {
  const sources = [revision, head];
  const isProtected = sources.some((source) => source.protected);
  const approvals = Math.max(1, ...sources.filter((source) => source.protected).map((source) => source.approvalsRequired));
  return {
    protected: isProtected,
    approvalsRequired: isProtected ? approvals : 0,
    approvalExpiryHours: Math.min(...sources.map((source) => source.approvalExpiryHours)),
  };
}

export type RevisionRefusal = { message: string; details: { head: number; deployedRevisions: number[] } };

/**
 * Whether a revision may be planned: the head, or one that once deployed successfully (what a
 * rollback goes back to). A rollback asks for the latter only. Null when it may; else why not,
 * naming the revisions that may.
 */
export function refuseRevision(
  environment: string,
  revision: number,
  known: { head: number; deployed: readonly number[] },
  purpose: 'plan' | 'rollback',
): RevisionRefusal | null {
  if (known.deployed.includes(revision) || (purpose === 'plan' && revision === known.head)) return null;
  const listed = known.deployed.slice(0, 10).join(', ');
  const details = { head: known.head, deployedRevisions: [...known.deployed] };
  if (purpose === 'rollback') {
    const deployed = known.deployed.length ? `; revisions deployed successfully: ${listed}` : '; nothing was ever deployed successfully';
    return { message: `revision ${revision} of ${environment} was never deployed successfully: only those can be rolled back to${deployed}`, details };
  }
  const deployed = known.deployed.length ? `, or a revision deployed successfully: ${listed}` : ' (no revision was ever deployed successfully)';
  return { message: `revision ${revision} of ${environment} is neither its head nor a revision that deployed successfully: plan the head (${known.head})${deployed}`, details };
}
