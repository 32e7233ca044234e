import { traceIdOf } from '@/lib/core/deploy/trace-id';
import { whyApprovalDoesNotCount } from '@/lib/core/deploy/approval-policy';
import type { ApprovalRecord } from '@/lib/core/deploy/deploy-ports';
import type { PlanDecisionDto, PlanDto, PlanObjectDto } from '@/lib/core/deploy/plan-contract';
import type { PlanObjectRecord, PlanRecord } from '@/lib/core/ports';

/**
 * The API's view of a plan: summary, checks, status and approvals; objects are paged separately.
 * Whether an approval counts depends on `now` (expiry) and its approver's standing today.
 */
export function toPlanDto(plan: PlanRecord, now: Date): PlanDto {
  const gate = { hash: plan.hash, requestedBy: plan.requestedBy.id };
  const decisions = plan.decisions.map((decision) => toPlanDecisionDto(decision, decision.decision === 'approved' ? whyApprovalDoesNotCount(gate, decision, now) : null));
  return {
    id: plan.id,
    traceId: traceIdOf(plan.id),
    environment: plan.environment,
    revision: plan.revision,
    status: plan.status,
    hash: plan.hash,
    cluster: plan.cluster,
    namespace: plan.namespace,
    flags: plan.flags,
    summary: plan.summary,
    checks: plan.checks,
    checksPassed: plan.checksPassed,
    noChanges: plan.summary.changes === 0,
    approvalsRequired: plan.approvalsRequired,
    approvalExpiryHours: plan.approvalExpiryHours,
    approvals: {
      approved: decisions.filter((decision) => decision.counts).length,
      rejected: plan.decisions.filter((decision) => decision.decision === 'rejected' && decision.planHash === plan.hash).length,
    },
    decisions,
    requestedBy: { name: plan.requestedBy.name, email: plan.requestedBy.email },
    createdAt: plan.createdAt.toISOString(),
    closedAt: plan.closedAt?.toISOString() ?? null,
    closedReason: plan.closedReason,
  };
}

function toPlanDecisionDto(record: ApprovalRecord, notCounting: string | null): PlanDecisionDto {
  return {
    approver: { name: record.approver.name, email: record.approver.email },
    decision: record.decision,
    comment: record.comment,
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    counts: record.decision === 'approved' && notCounting === null,
    notCountingReason: notCounting,
  };
}

/** One object of a plan with its diff; what the deploy applies (desired) stays on the server. */
export function toPlanObjectDto(object: PlanObjectRecord): PlanObjectDto {
  return {
    seq: object.seq,
    object: object.objectId,
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.namespace,
    name: object.name,
    component: object.component,
    wave: object.wave,
    action: object.action,
    diff: object.diff,
  };
}
