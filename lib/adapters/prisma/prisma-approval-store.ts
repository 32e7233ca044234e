import type { ApprovalRecord, ApprovalStore, PlanCheck } from '@/lib/core/deploy/deploy-ports';
import type { AuditEntry } from '@/lib/core/ports';
import type { Db } from './prisma-client';
import { approverColumns, lockPlan, readPlan, toApproval, type PlanWithApprovals } from './plan-records';
import { translatePrismaError } from './prisma-errors';
import { writeAuditEvent } from './write-audit-event';

export class PrismaApprovalStore implements ApprovalStore {
  constructor(private readonly db: Db) {}

  getPlan(id: string): Promise<PlanWithApprovals | null> {
    return readPlan(this.db, id);
  }

  async recordDecision(
    input: { planId: string; approverId: string; decision: 'approved' | 'rejected'; comment: string },
    check: PlanCheck,
    audit: AuditEntry,
  ): Promise<ApprovalRecord> {
    try {
      return await this.db.$transaction(async (tx) => {
        const plan = await lockPlan(tx, input.planId);
        check(plan, plan.approvals);
        const now = await databaseNow(tx);
        const row = await tx.approval.create({
          data: {
            planId: plan.id,
            // Bound to the hash the approver saw; the database refuses any other (and the requester).
            planHash: plan.hash,
            approverId: input.approverId,
            decision: input.decision,
            comment: input.comment,
            expiresAt: new Date(now.getTime() + plan.approvalExpiryHours * 3600_000),
          },
          include: { approver: approverColumns },
        });
        if (input.decision === 'rejected') {
          await tx.plan.update({ where: { id: plan.id }, data: { status: 'rejected', closedAt: now, closedReason: `rejected by ${row.approver.email}: ${input.comment}` } });
        }
        await writeAuditEvent(tx, audit);
        return toApproval(row);
      });
    } catch (error) {
      return translatePrismaError(error, 'you have already decided on this plan');
    }
  }
}

/** The database's clock, so expiries never depend on which console process wrote them. */
async function databaseNow(tx: { $queryRaw: Db['$queryRaw'] }): Promise<Date> {
  const [row] = await tx.$queryRaw<Array<{ now: Date }>>`SELECT now() AS "now"`;
  return row!.now;
}
