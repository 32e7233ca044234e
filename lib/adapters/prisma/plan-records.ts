import type { Role } from '@/lib/core/auth/roles';
import type { PlanStatus } from '@/lib/core/deploy/plan-contract';
import type { ApprovalRecord, PlanRecord } from '@/lib/core/deploy/deploy-ports';
import { NotFound } from '@/lib/core/errors';
import type { Db, Tx } from './prisma-client';

// A plan as approvals and deploys see it, read (and, inside a transaction, locked) in one place.

const person = { select: { id: true, name: true, email: true } } as const;
/** An approver as votes are judged: who they are, and their role and whether they are enabled today. */
export const approverColumns = { select: { id: true, name: true, email: true, role: true, disabledAt: true } } as const;

export type PlanWithApprovals = PlanRecord & { approvals: ApprovalRecord[] };

export async function readPlan(db: Db | Tx, id: string): Promise<PlanWithApprovals | null> {
  const row = await db.plan.findUnique({
    where: { id },
    include: { environment: { select: { name: true } }, requester: person, approvals: { include: { approver: approverColumns }, orderBy: { createdAt: 'asc' } } },
  });
  if (!row) return null;
  return {
    id: row.id,
    environment: row.environment.name,
    revisionNumber: row.revisionNumber,
    status: row.status as PlanStatus,
    hash: row.hash,
    requestedBy: row.requestedBy,
    requester: row.requester,
    // The gate the plan was made with: the stricter of its revision and the head then. Saving a
    // revision supersedes open plans, so the head has not moved since.
    protected: row.protected,
    checksPassed: row.checksPassed,
    approvalsRequired: row.approvalsRequired,
    approvalExpiryHours: row.approvalExpiryHours,
    createdAt: row.createdAt,
    cluster: row.cluster,
    namespace: row.namespace,
    flags: (row.flags ?? {}) as Record<string, unknown>,
    closedAt: row.closedAt,
    closedReason: row.closedReason,
    approvals: row.approvals.map(toApproval),
  };
}

/** The plan's row locked until the transaction ends, so decisions and deploys on it take turns. */
export async function lockPlan(tx: Tx, id: string): Promise<PlanWithApprovals> {
  await tx.$queryRaw`SELECT 1 FROM "plans" WHERE "id" = ${id}::uuid FOR UPDATE`;
  const plan = await readPlan(tx, id);
  if (!plan) throw new NotFound(`no plan ${id}`);
  return plan;
}

type ApprovalRow = {
  id: string;
  planId: string;
  planHash: string;
  approverId: string;
  decision: string;
  comment: string;
  createdAt: Date;
  expiresAt: Date;
  approver: { id: string; name: string; email: string; role: Role; disabledAt: Date | null };
};

export function toApproval(row: ApprovalRow): ApprovalRecord {
  const { role, disabledAt, ...approver } = row.approver;
  return {
    id: row.id,
    planId: row.planId,
    planHash: row.planHash,
    approverId: row.approverId,
    approver,
    approverRole: role,
    approverDisabled: disabledAt !== null,
    decision: row.decision as ApprovalRecord['decision'],
    comment: row.comment,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/**
 * Closes the environment's open plans: their approvals no longer count (a deploy needs an open
 * plan). The caller holds the environment's row lock. The ids, for the audit.
 */
export async function supersedeOpenPlans(tx: Tx, environmentId: string, reason: string): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE "plans" SET "status" = 'superseded', "closed_at" = now(), "closed_reason" = ${reason}
     WHERE "environment_id" = ${environmentId}::uuid AND "status" = 'open'
     RETURNING "id"`;
  return rows.map((row) => row.id);
}
