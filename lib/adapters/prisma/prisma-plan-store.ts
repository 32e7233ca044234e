import { z } from 'zod';
import type { ApprovalRecord } from '@/lib/core/deploy/deploy-ports';
import { planChecksSchema, planFlagsSchema, planStatuses, planSummarySchema, type PlanAction } from '@/lib/core/deploy/plan-contract';
import { Conflict, NotFound } from '@/lib/core/errors';
import type { AuditEntry, InventoryRecord, NewPlan, Page, PlanObjectRecord, PlanRecord, PlanStore } from '@/lib/core/ports';
import { Prisma } from '@/lib/generated/prisma/client';
import { approverColumns, toApproval } from './plan-records';
import type { Db, Tx } from './prisma-client';
import { supersedeOpenPlans } from './plan-records';
import { writeAuditEvent } from './write-audit-event';

const planInclude = { environment: { select: { name: true } }, requester: { select: { id: true, name: true, email: true } } } as const;

type PlanRow = Prisma.PlanGetPayload<{ include: typeof planInclude }>;

export class PrismaPlanStore implements PlanStore {
  constructor(private readonly db: Db) {}

  async createPlan(plan: NewPlan, audit: AuditEntry): Promise<PlanRecord> {
    return this.db.$transaction(
      async (tx) => {
        // The environment's row is the lock: of two plans made at once, each supersedes the other's
        // predecessor in turn and exactly one stays open.
        const [environment] = await tx.$queryRaw<Array<{ id: string; head_revision: number }>>`SELECT "id", "head_revision" FROM "environments" WHERE "name" = ${plan.environment} FOR UPDATE`;
        if (!environment) throw new NotFound(`no environment named ${plan.environment}`);
        // A revision saved while this plan was made supersedes the open plans, and its protection
        // is part of the gate: a plan gated on the older head must not come after it, open.
        if (environment.head_revision !== plan.gatedOnHead) {
          throw new Conflict(`${plan.environment} changed while this plan was made (revision ${environment.head_revision} was saved); plan again`, { currentRevision: environment.head_revision });
        }
        await supersedeOpenPlans(tx, environment.id, `superseded by plan ${plan.id}`);
        await tx.plan.create({
          data: {
            id: plan.id,
            environmentId: environment.id,
            revisionNumber: plan.revision,
            requestedBy: plan.requestedBy,
            hash: plan.hash,
            cluster: plan.cluster,
            namespace: plan.namespace,
            flags: plan.flags,
            summary: plan.summary,
            checks: plan.checks,
            checksPassed: plan.checksPassed,
            protected: plan.protected,
            approvalsRequired: plan.approvalsRequired,
            approvalExpiryHours: plan.approvalExpiryHours,
          },
        });
        await tx.planObject.createMany({
          data: plan.objects.map((object) => ({ planId: plan.id, ...object, desired: (object.desired as Prisma.InputJsonValue | null) ?? Prisma.DbNull })),
        });
        await writeAuditEvent(tx, audit);
        return this.readPlan(tx, plan.id) as Promise<PlanRecord>;
      },
      { timeout: 60_000 },
    );
  }

  findPlan(id: string): Promise<PlanRecord | null> {
    return this.readPlan(this.db, id);
  }

  async findPlans(environment: string, query: { limit: number; cursor?: string }): Promise<Page<PlanRecord>> {
    const rows = await this.db.plan.findMany({
      where: { environment: { name: environment } },
      include: planInclude,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    });
    const page = rows.slice(0, query.limit);
    const decisions = await this.decisionsOf(this.db, page.map((row) => row.id));
    return { items: page.map((row) => toRecord(row, decisions.get(row.id))), nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
  }

  async findPlanObjects(planId: string, query: { limit: number; after?: number; action?: PlanAction }): Promise<Page<PlanObjectRecord>> {
    const rows = await this.db.planObject.findMany({
      where: { planId, ...(query.after !== undefined ? { seq: { gt: query.after } } : {}), ...(query.action ? { action: query.action } : {}) },
      orderBy: { seq: 'asc' },
      take: query.limit + 1,
    });
    const items = rows.slice(0, query.limit).map(({ planId: _planId, ...row }) => ({ ...row, action: row.action as PlanAction, desired: row.desired as Record<string, unknown> | null }));
    return { items, nextCursor: rows.length > query.limit ? String(items.at(-1)!.seq) : null };
  }

  findInventory(environment: string): Promise<InventoryRecord[]> {
    return this.db.inventoryItem.findMany({
      where: { environment: { name: environment } },
      select: { objectId: true, apiVersion: true, kind: true, namespace: true, name: true },
      orderBy: { objectId: 'asc' },
    });
  }

  private async readPlan(db: Db | Tx, id: string): Promise<PlanRecord | null> {
    const row = await db.plan.findUnique({ where: { id }, include: planInclude });
    if (!row) return null;
    return toRecord(row, (await this.decisionsOf(db, [row.id])).get(row.id));
  }

  /** Each plan's approvals and rejections with their approvers' standing, in one query. */
  private async decisionsOf(db: Db | Tx, planIds: string[]): Promise<Map<string, ApprovalRecord[]>> {
    const decisions = new Map<string, ApprovalRecord[]>(planIds.map((id) => [id, []]));
    if (planIds.length === 0) return decisions;
    const rows = await db.approval.findMany({ where: { planId: { in: planIds } }, include: { approver: approverColumns }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    for (const row of rows) decisions.get(row.planId)?.push(toApproval(row));
    return decisions;
  }
}

// Stored JSON is parsed, not cast: a plan written by an older version fails loudly here rather
// than showing the wrong thing.
function toRecord(row: PlanRow, decisions: ApprovalRecord[] = []): PlanRecord {
  return {
    id: row.id,
    environment: row.environment.name,
    revision: row.revisionNumber,
    status: z.enum(planStatuses).parse(row.status),
    requestedBy: row.requester,
    hash: row.hash,
    cluster: row.cluster,
    namespace: row.namespace,
    flags: planFlagsSchema.parse(row.flags),
    summary: planSummarySchema.parse(row.summary),
    checks: planChecksSchema.parse(row.checks),
    checksPassed: row.checksPassed,
    protected: row.protected,
    approvalsRequired: row.approvalsRequired,
    approvalExpiryHours: row.approvalExpiryHours,
    createdAt: row.createdAt,
    closedAt: row.closedAt,
    closedReason: row.closedReason,
    decisions,
  };
}
