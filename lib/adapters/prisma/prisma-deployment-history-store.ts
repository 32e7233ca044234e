import type { DeployedRevision, DeploymentHistoryStore, InventoryEntry } from '@/lib/core/backups/configuration-backup';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import type { Db } from './prisma-client';
import { runInclude } from './run-records';

/** The deploy history a configuration backup is made of, read from runs, plans and the inventory. */
export class PrismaDeploymentHistoryStore implements DeploymentHistoryStore {
  constructor(private readonly db: Db) {}

  async findDeployedRevisions(environment: string): Promise<DeployedRevision[]> {
    const runs = await this.db.deployRun.findMany({
      where: { environment: { name: environment }, status: 'succeeded' },
      orderBy: [{ finishedAt: 'asc' }, { id: 'asc' }],
      // As runs are read everywhere (run-records.ts), plus the plan's objects.
      include: {
        requester: runInclude.requester,
        plan: { select: { ...runInclude.plan.select, objects: { orderBy: { seq: 'asc' }, select: { objectId: true, action: true, desired: true } } } },
      },
    });
    const numbers = [...new Set(runs.map((run) => run.plan.revisionNumber))].sort((a, b) => a - b);
    const revisions = await this.db.environmentRevision.findMany({
      where: { environment: { name: environment }, number: { in: numbers } },
      select: { number: true, spec: true },
    });
    const specs = new Map(revisions.map((r) => [r.number, r.spec]));
    return numbers.map((revision) => ({
      revision,
      spec: specs.get(revision) ?? null,
      runs: runs
        .filter((run) => run.plan.revisionNumber === revision)
        .map((run) => ({
          runId: run.id,
          planId: run.planId,
          kind: run.kind as 'deploy' | 'rollback',
          requestedBy: run.requester,
          // Only approvals bound to the hash that was deployed counted.
          approvers: run.plan.approvals.filter((a) => a.planHash === run.plan.hash).map((a) => a.approver),
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
          cluster: run.plan.cluster,
          objects: run.plan.objects.map((o) => ({ objectId: o.objectId, action: o.action, desired: (o.desired ?? null) as PlainObject | null })),
        })),
    }));
  }

  async findInventory(environment: string): Promise<InventoryEntry[]> {
    return this.db.inventoryItem.findMany({
      where: { environment: { name: environment } },
      orderBy: { objectId: 'asc' },
      select: { objectId: true, apiVersion: true, runId: true, appliedAt: true },
    });
  }
}
