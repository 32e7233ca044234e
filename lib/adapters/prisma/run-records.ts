import type { ObjectAction, RunObjectRecord, RunObjectStatus, RunRecord, RunStatus } from '@/lib/core/deploy/deploy-ports';
import type { Wave } from '@/lib/core/deploy/waves';
import type { Db, Tx } from './prisma-client';

// Runs as the API and the worker see them, read in one place.

const person = { select: { id: true, name: true, email: true } } as const;

export const runInclude = {
  environment: { select: { name: true } },
  requester: person,
  plan: {
    select: {
      hash: true,
      revisionNumber: true,
      cluster: true,
      approvals: { where: { decision: 'approved' }, select: { planHash: true, approver: person }, orderBy: { createdAt: 'asc' } },
    },
  },
} as const;

type RunRow = {
  id: string;
  planId: string;
  kind: string;
  status: string;
  error: string | null;
  attempts: number;
  handbacks: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  environment: { name: string };
  requester: { id: string; name: string; email: string };
  plan: { hash: string; revisionNumber: number; cluster: string; approvals: Array<{ planHash: string; approver: { id: string; name: string; email: string } }> };
};

export function toRunRecord(row: RunRow, counts: RunRecord['counts']): RunRecord {
  return {
    id: row.id,
    planId: row.planId,
    environment: row.environment.name,
    kind: row.kind as RunRecord['kind'],
    status: row.status as RunStatus,
    requester: row.requester,
    planHash: row.plan.hash,
    revisionNumber: row.plan.revisionNumber,
    cluster: row.plan.cluster,
    approvers: row.plan.approvals.filter((approval) => approval.planHash === row.plan.hash).map((approval) => approval.approver),
    error: row.error,
    attempts: row.attempts,
    handbacks: row.handbacks,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    counts,
  };
}

/** Objects by outcome for each run, in one query. */
export async function countObjects(db: Db | Tx, runIds: string[]): Promise<Map<string, RunRecord['counts']>> {
  const groups = await db.deployRunObject.groupBy({ by: ['runId', 'status'], where: { runId: { in: runIds } }, _count: { _all: true } });
  const counts = new Map<string, RunRecord['counts']>(runIds.map((id) => [id, {}]));
  for (const group of groups) counts.get(group.runId)![group.status as RunObjectStatus] = group._count._all;
  return counts;
}

export async function readRun(db: Db | Tx, id: string): Promise<RunRecord | null> {
  const row = await db.deployRun.findUnique({ where: { id }, include: runInclude });
  if (!row) return null;
  return toRunRecord(row, (await countObjects(db, [id])).get(id)!);
}

type ObjectRow = { seq: number; objectId: string; wave: string; action: string; status: string; message: string | null; resourceVersion: string | null; finishedAt: Date | null };
type PlanObjectRow = { kind: string; namespace: string; name: string };

export function toRunObject(row: ObjectRow, planObject: PlanObjectRow): RunObjectRecord {
  return {
    seq: row.seq,
    objectId: row.objectId,
    kind: planObject.kind,
    namespace: planObject.namespace,
    name: planObject.name,
    wave: row.wave as Wave,
    action: row.action as ObjectAction,
    status: row.status as RunObjectStatus,
    message: row.message,
    resourceVersion: row.resourceVersion,
    finishedAt: row.finishedAt,
  };
}
