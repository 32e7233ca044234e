import type { Actor, Decision, Role } from '../auth/roles';
import type { PlanStatus } from './plan-contract';

// Who may approve, reject and deploy a plan, and when. The server asks these on every call (inside
// the transaction that holds the plan's row); the plan and environment pages ask the same ones to
// say why a button is disabled. Two kinds of "no": the actor may not (Forbidden), or the plan is in
// no state for it (Conflict).

/** What the policy needs to know about a plan. */
export type PlanGate = {
  environment: string;
  status: PlanStatus;
  hash: string;
  requestedBy: string;
  /** Whether the plan's revision is protected: then it needs approvals before a deploy. */
  protected: boolean;
  checksPassed: boolean;
  approvalsRequired: number;
  approvalExpiryHours: number;
  createdAt: Date;
};

/** A decision on a plan, with its approver's standing now (read with the plan): a vote counts only while they may still cast it. */
export type Vote = { approverId: string; planHash: string; decision: 'approved' | 'rejected'; expiresAt: Date; approverRole: Role; approverDisabled: boolean };

export type Verdict = { allowed: true } | { allowed: false; reason: string; kind: 'forbidden' | 'conflict' };

const allow: Verdict = { allowed: true };
const forbidden = (reason: string): Verdict => ({ allowed: false, reason, kind: 'forbidden' });
const conflict = (reason: string): Verdict => ({ allowed: false, reason, kind: 'conflict' });

const hour = 3600_000;

/** A plan that nobody deployed within its approval expiry is expired: what it compared may be long gone. */
export function planExpiresAt(plan: Pick<PlanGate, 'createdAt' | 'approvalExpiryHours'>): Date {
  return new Date(plan.createdAt.getTime() + plan.approvalExpiryHours * hour);
}

/** The status as of `now`: an open plan past its expiry counts as expired before anyone writes that down. */
export function effectiveStatus(plan: Pick<PlanGate, 'status' | 'createdAt' | 'approvalExpiryHours'>, now: Date): PlanStatus {
  return plan.status === 'open' && now >= planExpiresAt(plan) ? 'expired' : plan.status;
}

const closedReasons: Record<Exclude<PlanStatus, 'open'>, string> = {
  superseded: 'a newer plan of this environment superseded it; review and approve that one',
  rejected: 'it was rejected',
  expired: 'it expired; make a new plan',
  deploying: 'it is being deployed',
  deployed: 'it was deployed already',
  failed: 'its deploy failed; make a new plan',
};

function stillOpen(plan: PlanGate, now: Date, action: string): Verdict {
  const status = effectiveStatus(plan, now);
  if (status !== 'open') return conflict(`this plan cannot be ${action}: ${closedReasons[status]}`);
  return allow;
}

/**
 * Why an approval does not count toward the plan now, or null when it does. An approval is only as
 * good as its approver today: one an admin disabled (a stolen session) or the identity provider
 * demoted no longer opens a protected environment.
 */
export function whyApprovalDoesNotCount(plan: Pick<PlanGate, 'hash' | 'requestedBy'>, vote: Vote, now: Date): string | null {
  if (vote.planHash !== plan.hash) return 'it approved another version of this plan (another hash)';
  if (vote.approverId === plan.requestedBy) return 'it is the requester’s own';
  if (vote.approverDisabled) return 'its approver has been disabled since';
  if (vote.approverRole !== 'approver') return `its approver no longer holds the approver role (now ${vote.approverRole})`;
  if (vote.expiresAt <= now) return 'it expired';
  return null;
}

/** Approvals that count now: approved, bound to this plan's hash, not expired, never the requester's, from an enabled approver. */
export function validApprovals<V extends Vote>(plan: Pick<PlanGate, 'hash' | 'requestedBy'>, votes: V[], now: Date): V[] {
  return votes.filter((vote) => vote.decision === 'approved' && whyApprovalDoesNotCount(plan, vote, now) === null);
}

/** Approving or rejecting: approvers only, never the plan's requester nor twice, on an open plan that passed its checks. */
export function canDecidePlan(actor: Actor, plan: PlanGate, votes: Vote[], now: Date): Verdict {
  // The requester hears the most specific reason, whatever their role.
  if (actor.userId === plan.requestedBy) return forbidden('you requested this plan: someone else must approve it');
  if (actor.role !== 'approver') return forbidden(`needs the approver role (you are ${actor.role})`);
  if (!plan.protected) return conflict(`${plan.environment} is not protected: operators deploy its plans without approval`);
  const open = stillOpen(plan, now, 'approved or rejected');
  if (!open.allowed) return open;
  if (!plan.checksPassed) return conflict('this plan failed its checks: fix the revision and make a new plan');
  if (votes.some((vote) => vote.approverId === actor.userId)) return conflict('you have already decided on this plan');
  return allow;
}

/** Deploying: operators and admins, an open plan that passed its checks, with enough approvals where the environment is protected. */
export function canDeployPlan(actor: Actor, plan: PlanGate, votes: Vote[], now: Date): Verdict {
  if (actor.role !== 'operator' && actor.role !== 'admin') return forbidden(`deploying needs the operator or admin role (you are ${actor.role})`);
  const open = stillOpen(plan, now, 'deployed');
  if (!open.allowed) return open;
  if (!plan.checksPassed) return conflict('this plan failed its checks: fix the revision and make a new plan');
  if (!plan.protected) return allow;
  const count = validApprovals(plan, votes, now).length;
  if (count < plan.approvalsRequired) {
    return conflict(`${plan.environment} is protected: this plan needs ${plan.approvalsRequired} approval${plan.approvalsRequired === 1 ? '' : 's'} and has ${count}`);
  }
  return allow;
}

/** For buttons: a Verdict as the Decision the UI shows. */
export const asDecision = (verdict: Verdict): Decision => (verdict.allowed ? verdict : { allowed: false, reason: verdict.reason });
