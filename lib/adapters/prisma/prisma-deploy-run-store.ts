import type { DeployedState, DeployRunStore, JobQueue, ObjectOutcome, PlanCheck, PlannedObject, RunEventRecord, RunLease, RunObjectRecord, RunRecord, RunStatus, RunWork, SqlExecutor } from '@/lib/core/deploy/deploy-ports';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { planChecksSchema, planFlagsSchema } from '@/lib/core/deploy/plan-contract';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { componentNames, environmentSpecSchema, imageReference } from '@/lib/core/environments/environment-spec';
import { Conflict, NotFound } from '@/lib/core/errors';
import type { AuditEntry, Page } from '@/lib/core/ports';
import type { Db, Tx } from './prisma-client';
import { lockPlan } from './plan-records';
import { isUniqueViolation } from './prisma-errors';
import { countObjects, readRun, runInclude, toRunObject, toRunRecord } from './run-records';
import { writeAuditEvent } from './write-audit-event';

const planObjectColumns = { seq: true, kind: true, namespace: true, name: true, apiVersion: true, desired: true, liveResourceVersion: true, liveFingerprint: true } as const;

export class PrismaDeployRunStore implements DeployRunStore {
  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
  ) {}

  async createRun(
    input: { planId: string; requestedBy: string; kind: 'deploy' | 'rollback' },
    check: PlanCheck,
    audit: AuditEntry,
  ): Promise<RunRecord> {
    let environmentId = '';
    try {
      const runId = await this.db.$transaction(async (tx) => {
        const plan = await lockPlan(tx, input.planId);
        check(plan, plan.approvals);
        ({ environmentId } = await tx.plan.findUniqueOrThrow({ where: { id: plan.id }, select: { environmentId: true } }));
        await refuseActiveRun(tx, environmentId, plan.environment);
        const run = await tx.deployRun.create({ data: { planId: plan.id, environmentId, requestedBy: input.requestedBy, kind: input.kind }, select: { id: true } });
        const objects = await tx.planObject.findMany({ where: { planId: plan.id }, orderBy: { seq: 'asc' }, select: { seq: true, objectId: true, wave: true, action: true } });
        await tx.deployRunObject.createMany({ data: objects.map((object) => ({ runId: run.id, ...object })) });
        await tx.plan.update({ where: { id: plan.id }, data: { status: 'deploying' } });
        await tx.deployRunEvent.create({ data: { runId: run.id, type: 'run.queued', payload: { objects: objects.length, revision: plan.revisionNumber, hash: plan.hash } } });
        await writeAuditEvent(tx, { ...audit, summary: `${audit.summary} (run ${run.id})` });
        // The job is committed with the run, or neither is.
        await this.queue.enqueueDeployRun(run.id, sqlExecutor(tx));
        return run.id;
      });
      return (await readRun(this.db, runId))!;
    } catch (error) {
      // Two deploys raced past the check: the partial unique index let one through.
      if (isUniqueViolation(error) && environmentId) await refuseActiveRun(this.db, environmentId, 'this environment');
      throw error;
    }
  }

  async findRuns(environment: string, query: { limit: number; cursor?: string }): Promise<Page<RunRecord>> {
    const rows = await this.db.deployRun.findMany({
      where: { environment: { name: environment } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
      include: runInclude,
    });
    const page = rows.slice(0, query.limit);
    const counts = await countObjects(this.db, page.map((row) => row.id));
    return { items: page.map((row) => toRunRecord(row, counts.get(row.id)!)), nextCursor: rows.length > query.limit ? page.at(-1)!.id : null };
  }

  async findLastRunCovering(environment: string, component: string): Promise<RunRecord | null> {
    const [row] = await this.db.$queryRaw<Array<{ id: string }>>`
      SELECT r."id"::text AS "id"
        FROM "deploy_runs" r
        JOIN "plans" p ON p."id" = r."plan_id"
        JOIN "environments" e ON e."id" = r."environment_id"
       WHERE e."name" = ${environment}
         AND (jsonb_typeof(p."flags"->'components') IS DISTINCT FROM 'array'
              OR p."flags"->'components' @> jsonb_build_array(${component}::text))
       ORDER BY r."created_at" DESC, r."id" DESC
       LIMIT 1`;
    return row ? readRun(this.db, row.id) : null;
  }

  async getRun(id: string): Promise<(RunRecord & { objects: RunObjectRecord[] }) | null> {
    const run = await readRun(this.db, id);
    if (!run) return null;
    return { ...run, objects: (await this.loadObjects(id, run.planId)).map(({ record }) => record) };
  }

  async findEvents(runId: string, afterId: string | null, limit: number): Promise<RunEventRecord[]> {
    const rows = await this.db.deployRunEvent.findMany({
      where: { runId, ...(afterId ? { id: { gt: BigInt(afterId) } } : {}) },
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map((row) => ({ id: row.id.toString(), runId: row.runId, type: row.type, payload: row.payload as Record<string, unknown>, createdAt: row.createdAt }));
  }

  async findRunStatus(runId: string): Promise<RunStatus | null> {
    const row = await this.db.deployRun.findUnique({ where: { id: runId }, select: { status: true } });
    return row ? (row.status as RunStatus) : null;
  }

  async findLastEventId(runId: string): Promise<string | null> {
    const row = await this.db.deployRunEvent.findFirst({ where: { runId }, orderBy: { id: 'desc' }, select: { id: true } });
    return row ? row.id.toString() : null;
  }

  async findDeployedState(environment: string): Promise<DeployedState> {
    const row = await this.db.deployRun.findFirst({
      where: { environment: { name: environment }, status: 'succeeded' },
      orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
      include: runInclude,
    });
    if (!row) return null;
    const revision = await this.db.environmentRevision.findFirst({ where: { environment: { name: environment }, number: row.plan.revisionNumber }, select: { spec: true } });
    const spec = environmentSpecSchema.safeParse(revision?.spec);
    const images: Record<string, string> = {};
    if (spec.success) {
      for (const name of componentNames) if (spec.data.components[name].enabled) images[name] = imageReference(spec.data.components[name].image);
    }
    return { run: toRunRecord(row, (await countObjects(this.db, [row.id])).get(row.id)!), images };
  }

  async findDeployedRevisions(environment: string): Promise<number[]> {
    const rows = await this.db.plan.findMany({
      where: { environment: { name: environment }, runs: { some: { status: 'succeeded' } } },
      select: { revisionNumber: true },
      distinct: ['revisionNumber'],
      orderBy: { revisionNumber: 'desc' },
    });
    return rows.map((row) => row.revisionNumber);
  }

  async findPlannedObjects(planId: string): Promise<PlannedObject[]> {
    const rows = await this.db.planObject.findMany({
      where: { planId },
      orderBy: { seq: 'asc' },
      select: { objectId: true, apiVersion: true, kind: true, namespace: true, name: true, action: true, desired: true, liveResourceVersion: true, liveFingerprint: true },
    });
    return rows.map((row) => ({ ...row, namespace: row.namespace || undefined, action: row.action as PlannedObject['action'], desired: (row.desired ?? null) as PlainObject | null }));
  }

  async claimRun(runId: string, worker: string, leaseSeconds: number): Promise<RunLease | null> {
    const rows = await this.db.$queryRaw<Array<{ attempts: number; handbacks: number }>>`
      UPDATE "deploy_runs" SET "status" = 'running', "attempts" = "attempts" + 1,
             "started_at" = coalesce("started_at", now()), "heartbeat_at" = now()
       WHERE "id" = ${runId}::uuid
         AND ("status" = 'queued' OR ("status" = 'running' AND "heartbeat_at" < now() - make_interval(secs => ${leaseSeconds})))
       RETURNING "attempts", "handbacks"`;
    return rows[0] ? { runId, attempt: rows[0].attempts, worker, handbacks: rows[0].handbacks } : null;
  }

  async renewLease(lease: RunLease): Promise<boolean> {
    return (await fence(this.db, lease)) === 1;
  }

  async loadWork(runId: string): Promise<RunWork> {
    const run = await readRun(this.db, runId);
    if (!run) throw new NotFound(`no run ${runId}`);
    const [objects, plan] = await Promise.all([
      this.loadObjects(runId, run.planId),
      this.db.plan.findUniqueOrThrow({ where: { id: run.planId }, select: { namespace: true, flags: true, checks: true } }),
    ]);
    return {
      run,
      plan: {
        namespace: plan.namespace,
        flags: parseOrThrow(planFlagsSchema, plan.flags, `the flags of plan ${run.planId}`),
        warnings: parseOrThrow(planChecksSchema, plan.checks, `the checks of plan ${run.planId}`).warnings,
      },
      objects: objects.map(({ record, planObject }) => ({
        ...record,
        apiVersion: planObject.apiVersion,
        desired: (planObject.desired ?? null) as PlainObject | null,
        liveResourceVersion: planObject.liveResourceVersion,
        liveFingerprint: planObject.liveFingerprint,
      })),
    };
  }

  // One statement each (the fence, the writes and their events in CTEs): atomic as a transaction,
  // one round trip instead of four, which a deploy run makes a few times per wave.
  async recordObjects(lease: RunLease, outcomes: ObjectOutcome[]): Promise<boolean> {
    if (outcomes.length === 0) return this.renewLease(lease);
    const rows = JSON.stringify(outcomes.map((o) => ({ seq: o.seq, status: o.status, message: o.message ?? null, resource_version: o.resourceVersion ?? null })));
    const events = JSON.stringify(outcomes.map((o) => ({ type: o.event.type, payload: { ...o.event.payload, attempt: lease.attempt, worker: lease.worker } })));
    const [row] = await this.db.$queryRaw<Array<{ fenced: number }>>`
      WITH "held" AS (
        UPDATE "deploy_runs" SET "heartbeat_at" = now() WHERE "id" = ${lease.runId}::uuid AND "attempts" = ${lease.attempt} AND "status" = 'running' RETURNING "id"
      ), "recorded" AS (
        UPDATE "deploy_run_objects" o SET "status" = r."status", "message" = r."message", "resource_version" = r."resource_version", "finished_at" = now()
          FROM json_to_recordset(${rows}::json) AS r("seq" int, "status" text, "message" text, "resource_version" text), "held" h
         WHERE o."run_id" = h."id" AND o."seq" = r."seq"
      ), "told" AS (
        INSERT INTO "deploy_run_events" ("run_id", "type", "payload")
        SELECT h."id", e."type", e."payload" FROM "held" h, ROWS FROM (json_to_recordset(${events}::json) AS ("type" text, "payload" jsonb)) WITH ORDINALITY AS e("type", "payload", "n") ORDER BY e."n"
      )
      SELECT count(*)::int AS "fenced" FROM "held"`;
    return row!.fenced === 1;
  }

  async appendEvent(lease: RunLease, type: string, payload: Record<string, unknown>): Promise<boolean> {
    const body = JSON.stringify({ ...payload, attempt: lease.attempt, worker: lease.worker });
    const [row] = await this.db.$queryRaw<Array<{ fenced: number }>>`
      WITH "held" AS (
        UPDATE "deploy_runs" SET "heartbeat_at" = now() WHERE "id" = ${lease.runId}::uuid AND "attempts" = ${lease.attempt} AND "status" = 'running' RETURNING "id"
      ), "told" AS (
        INSERT INTO "deploy_run_events" ("run_id", "type", "payload") SELECT "id", ${type}, ${body}::jsonb FROM "held"
      )
      SELECT count(*)::int AS "fenced" FROM "held"`;
    return row!.fenced === 1;
  }

  async finishRun(lease: RunLease, outcome: { status: 'succeeded' | 'failed' | 'interrupted'; error?: string }, audit: AuditEntry): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const ended = await tx.$executeRaw`
        UPDATE "deploy_runs" SET "status" = ${outcome.status}, "error" = ${outcome.error ?? null}, "finished_at" = now(), "heartbeat_at" = now()
         WHERE "id" = ${lease.runId}::uuid AND "attempts" = ${lease.attempt} AND "status" = 'running'`;
      if (ended !== 1) return false;
      const run = await tx.deployRun.findUniqueOrThrow({ where: { id: lease.runId }, select: { planId: true, environmentId: true } });
      await tx.plan.update({
        where: { id: run.planId },
        data: { status: outcome.status === 'succeeded' ? 'deployed' : 'failed', closedAt: new Date(), closedReason: outcome.status === 'succeeded' ? `deployed by run ${lease.runId}` : `run ${lease.runId} ${outcome.status}: ${outcome.error ?? ''}` },
      });
      await mergeInventory(tx, run.environmentId, run.planId, lease.runId, outcome.status);
      await tx.deployRunEvent.create({
        data: { runId: lease.runId, type: `run.${outcome.status}`, payload: { error: outcome.error ?? null, attempt: lease.attempt, worker: lease.worker } },
      });
      await writeAuditEvent(tx, audit);
      return true;
    });
  }

  async releaseRun(lease: RunLease, reason: string): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      // The attempt number stays (it fences the old attempt's late writes); handbacks says it did not count.
      const released = await tx.$executeRaw`
        UPDATE "deploy_runs" SET "status" = 'queued', "handbacks" = "handbacks" + 1, "heartbeat_at" = NULL
         WHERE "id" = ${lease.runId}::uuid AND "attempts" = ${lease.attempt} AND "status" = 'running'`;
      if (released !== 1) return false;
      await tx.deployRunEvent.create({ data: { runId: lease.runId, type: 'run.released', payload: { reason, attempt: lease.attempt, worker: lease.worker } } });
      await this.queue.enqueueDeployRun(lease.runId, sqlExecutor(tx));
      return true;
    });
  }

  async cancelRun(runId: string, check: (run: RunRecord) => void, audit: AuditEntry): Promise<RunRecord> {
    await this.db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id"::text AS "id" FROM "deploy_runs" WHERE "id" = ${runId}::uuid FOR UPDATE`;
      const run = locked[0] ? await readRun(tx, runId) : null;
      if (!run) throw new NotFound(`no run ${runId}`);
      check(run);
      if (run.status !== 'queued') throw new Conflict(`run ${runId} is ${run.status}: only a queued run can be cancelled`, { runId, status: run.status });
      const error = `cancelled before a worker ${run.attempts > 0 ? 'resumed' : 'started'} it`;
      await tx.deployRun.update({ where: { id: runId }, data: { status: 'cancelled', error, finishedAt: new Date() } });
      const { environmentId } = await tx.deployRun.findUniqueOrThrow({ where: { id: runId }, select: { environmentId: true } });
      await tx.plan.update({ where: { id: run.planId }, data: { status: 'failed', closedAt: new Date(), closedReason: `run ${runId} ${error}` } });
      // A run handed back by a stopping worker may have applied objects already: the inventory keeps them.
      await mergeInventory(tx, environmentId, run.planId, runId, 'cancelled');
      await tx.deployRunEvent.create({ data: { runId, type: 'run.cancelled', payload: { error, by: audit.actor?.email ?? null } } });
      await writeAuditEvent(tx, { ...audit, summary: `${audit.summary}: ${error}` });
    });
    return (await readRun(this.db, runId))!;
  }

  async recordWorker(name: string, state: 'alive' | 'stopped'): Promise<void> {
    const now = new Date();
    await this.db.deployWorker.upsert({
      where: { name },
      create: { name, seenAt: now, startedAt: now, stoppedAt: state === 'stopped' ? now : null },
      update: { seenAt: now, stoppedAt: state === 'stopped' ? now : null },
    });
  }

  async lastWorkerSeen(): Promise<Date | null> {
    const row = await this.db.deployWorker.findFirst({ where: { stoppedAt: null }, orderBy: { seenAt: 'desc' }, select: { seenAt: true } });
    return row?.seenAt ?? null;
  }

  async findStrandedRuns(leaseSeconds: number): Promise<string[]> {
    const rows = await this.db.$queryRaw<Array<{ id: string }>>`
      SELECT "id"::text AS "id" FROM "deploy_runs"
       WHERE ("status" = 'running' AND "heartbeat_at" < now() - make_interval(secs => ${leaseSeconds}))
          OR ("status" = 'queued' AND "created_at" < now() - make_interval(secs => ${leaseSeconds}))
       ORDER BY "created_at" LIMIT 100`;
    return rows.map((row) => row.id);
  }

  async countActiveRuns(): Promise<{ queued: number; running: number }> {
    const rows = await this.db.deployRun.groupBy({ by: ['status'], where: { status: { in: ['queued', 'running'] } }, _count: { _all: true } });
    const count = (status: string) => rows.find((row) => row.status === status)?._count._all ?? 0;
    return { queued: count('queued'), running: count('running') };
  }

  private async loadObjects(runId: string, planId: string) {
    const [rows, planObjects] = await Promise.all([
      this.db.deployRunObject.findMany({ where: { runId }, orderBy: { seq: 'asc' } }),
      this.db.planObject.findMany({ where: { planId }, orderBy: { seq: 'asc' }, select: planObjectColumns }),
    ]);
    const bySeq = new Map(planObjects.map((object) => [object.seq, object]));
    return rows.map((row) => {
      const planObject = bySeq.get(row.seq)!;
      return { record: toRunObject(row, planObject), planObject };
    });
  }
}

const sqlExecutor = (tx: Tx): SqlExecutor => ({ executeSql: async (text, values = []) => ({ rows: await tx.$queryRawUnsafe<any[]>(text, ...values) }) });

/** Renews the lease of this attempt and locks the run's row until the transaction ends; 0 when the attempt lost it. */
function fence(db: Db | Tx, lease: RunLease): Promise<number> {
  return db.$executeRaw`UPDATE "deploy_runs" SET "heartbeat_at" = now() WHERE "id" = ${lease.runId}::uuid AND "attempts" = ${lease.attempt} AND "status" = 'running'`;
}

async function refuseActiveRun(db: Db | Tx, environmentId: string, environment: string): Promise<void> {
  const active = await db.deployRun.findFirst({ where: { environmentId, status: { in: ['queued', 'running'] } }, select: { id: true, status: true } });
  if (active) throw new Conflict(`${environment} has a ${active.status} run ${active.id}; wait for it to end`, { runId: active.id });
}

/**
 * The inventory learns what this run left on the cluster. After a success, every object its plan
 * touched is replaced by the plan's outcome (applied kept, pruned forgotten); what the plan did not
 * touch stays, so a plan of some components never forgets the others' objects, and an object kept
 * from deletion (a protected kind, a Secret it could not read) is still offered for deletion by later
 * plans. After a run that did not finish, the objects it may have put on the cluster are added:
 * those recorded applied or unchanged, those whose apply failed (a timeout may have applied it),
 * and for a run whose workers died (interrupted) the pending ones of the wave it stopped in (applied
 * but not yet recorded, perhaps); those it pruned are forgotten. An entry for an object that is not
 * there is harmless (a later plan finds nothing to delete); a missing one would never be pruned.
 */
async function mergeInventory(tx: Tx, environmentId: string, planId: string, runId: string, ended: 'succeeded' | 'failed' | 'interrupted' | 'cancelled'): Promise<void> {
  const objects = await tx.planObject.findMany({ where: { planId }, orderBy: { seq: 'asc' }, select: { seq: true, objectId: true, apiVersion: true, kind: true, namespace: true, name: true, wave: true, action: true } });
  let kept = objects.filter((object) => object.action !== 'delete');
  let forgotten = objects.filter((object) => object.action === 'delete');
  if (ended !== 'succeeded') {
    const outcomes = await tx.deployRunObject.findMany({ where: { runId }, select: { seq: true, status: true } });
    const status = new Map(outcomes.map((outcome) => [outcome.seq, outcome.status]));
    const stoppedIn = ended === 'interrupted' ? kept.find((object) => status.get(object.seq) === 'pending')?.wave : undefined;
    kept = kept.filter((object) => ['applied', 'unchanged', 'failed'].includes(status.get(object.seq)!) || (status.get(object.seq) === 'pending' && object.wave === stoppedIn));
    forgotten = forgotten.filter((object) => status.get(object.seq) === 'pruned');
  }
  await tx.inventoryItem.deleteMany({ where: { environmentId, objectId: { in: [...kept, ...forgotten].map((object) => object.objectId) } } });
  await tx.inventoryItem.createMany({ data: kept.map(({ objectId, apiVersion, kind, namespace, name }) => ({ environmentId, runId, objectId, apiVersion, kind, namespace, name })) });
}
