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
  // Protection is the plan's revision's, not today's head's: an edit after planning makes a new plan anyway.
  const revision = await db.environmentRevision.findUnique({
    where: { environmentId_number: { environmentId: row.environmentId, number: row.revisionNumber } },
    select: { spec: true },
  });
  const protection = (revision?.spec as { protection?: { protected?: unknown } } | undefined)?.protection;
  return {
    id: row.id,
    environment: row.environment.name,
    revisionNumber: row.revisionNumber,
    status: row.status as PlanStatus,
    hash: row.hash,
    requestedBy: row.requestedBy,
    requester: row.requester,
    // An unreadable revision counts as protected: the stricter answer.
    protected: protection?.protected !== false,
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
