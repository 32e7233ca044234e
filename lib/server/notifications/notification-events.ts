import type { RunRecord } from '@/lib/core/deploy/deploy-ports';
import type { NotificationEvent } from '@/lib/core/notifications/notification-event';
import type { PlanRecord } from '@/lib/core/ports';

// The events the pipeline's use cases notify, built from the records they already hold.

type PlanLike = { id: string; environment: string; hash: string } & ({ revision: number } | { revisionNumber: number });

const revisionOf = (plan: PlanLike) => ('revision' in plan ? plan.revision : plan.revisionNumber);

export function planEvent(type: 'plan.awaiting_approval' | 'plan.approved' | 'plan.rejected', plan: PlanLike, at: Date, actor: string | null, extra: { changes?: number; comment?: string } = {}): NotificationEvent {
  return {
    type,
    environment: plan.environment,
    occurredAt: at.toISOString(),
    actor,
    plan: { planId: plan.id, revision: revisionOf(plan), hash: plan.hash, ...extra },
  };
}

/** A stored plan that waits for approvers before anyone may deploy it. */
export const awaitsApproval = (plan: PlanRecord) => plan.status === 'open' && plan.protected && plan.approvalsRequired > 0 && plan.checksPassed;

export function runEvent(type: 'run.started' | 'run.succeeded' | 'run.failed', run: RunRecord, at: Date, error?: string): NotificationEvent {
  return {
    type,
    environment: run.environment,
    occurredAt: at.toISOString(),
    // The run is the worker's doing, on the requester's behalf.
    actor: run.requester.email,
    run: { runId: run.id, planId: run.planId, revision: run.revisionNumber, kind: run.kind, ...(error ? { error } : {}) },
  };
}
