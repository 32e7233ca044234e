import type { PlanDto, PlanObjectDto } from '@/lib/core/deploy/plan-contract';
import type { PlanObjectRecord, PlanRecord } from '@/lib/core/ports';

/** The API's view of a plan: summary, checks, status and approvals; objects are paged separately. */
export function toPlanDto(plan: PlanRecord): PlanDto {
  return {
    id: plan.id,
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
    approvals: plan.approvals,
    requestedBy: { name: plan.requestedBy.name, email: plan.requestedBy.email },
    createdAt: plan.createdAt.toISOString(),
    closedAt: plan.closedAt?.toISOString() ?? null,
    closedReason: plan.closedReason,
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
