import { randomUUID } from 'node:crypto';
import type { Db } from '@/lib/adapters/prisma/prisma-client';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { liveFingerprint } from '@/lib/core/deploy/live-fingerprint';
import type { PlanFlags } from '@/lib/core/deploy/plan-contract';
import { planHash } from '@/lib/core/deploy/plan-hash';
import { componentOf, summarizePlan } from '@/lib/core/deploy/plan-summary';
import { waveOf } from '@/lib/core/deploy/waves';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { Deps } from '@/lib/server/deps';

// Plans as create-plan stores them, written straight into the run's database, for tests of what
// comes after a plan (approvals, deploy runs) that must not depend on the plan engine. Like
// create-plan, a new plan supersedes the environment's open plans.

/** `live`: the object as the cluster held it when "planned", for the drift check's fingerprint. */
export type FixtureObject = { object: PlainObject; action: 'create' | 'update' | 'unchanged' | 'delete'; live?: PlainObject | null; liveResourceVersion?: string | null; component?: string };

const objectIdOf = (object: PlainObject) =>
  object.metadata.namespace ? `${object.kind}/${object.metadata.namespace}/${object.metadata.name}` : `${object.kind}/${object.metadata.name}`;

export async function insertPlan(
  db: Db,
  input: { environment: string; requestedBy: string; objects?: FixtureObject[]; revisionNumber?: number; checksPassed?: boolean; createdAt?: Date; flags?: Record<string, unknown> },
): Promise<{ id: string; hash: string }> {
  const environment = await db.environment.findUniqueOrThrow({ where: { name: input.environment }, select: { id: true, headRevision: true } });
  const revisionNumber = input.revisionNumber ?? environment.headRevision;
  const revision = await db.environmentRevision.findFirstOrThrow({ where: { environmentId: environment.id, number: revisionNumber }, select: { spec: true } });
  const spec = revision.spec as EnvironmentSpec;
  const objects = input.objects ?? [];
  const id = randomUUID();
  const flags = { components: null, allowDeletes: false, force: false, ...input.flags };
  // The hash a plan of these objects has, as create-plan computes it: the worker checks it before applying.
  const hash = planHash({
    cluster: spec.cluster,
    namespace: spec.namespace,
    revision: revisionNumber,
    flags: flags as PlanFlags,
    applies: objects.filter((o) => o.action !== 'delete').map((o) => o.object),
    deletions: objects.filter((o) => o.action === 'delete').map((o) => objectIdOf(o.object)),
  });
  await db.$transaction(async (tx) => {
    await tx.plan.updateMany({ where: { environmentId: environment.id, status: 'open' }, data: { status: 'superseded', closedAt: new Date(), closedReason: `superseded by plan ${id}` } });
    await tx.plan.create({
      data: {
        id,
        environmentId: environment.id,
        revisionNumber,
        requestedBy: input.requestedBy,
        hash,
        cluster: spec.cluster,
        namespace: spec.namespace,
        flags: flags as object,
        summary: summarizePlan(objects.map((o) => ({ kind: o.object.kind, component: o.component ?? componentOf(o.object), action: o.action })), []),
        checks: { problems: [], warnings: [], ran: ['fixture'], skipped: [] },
        checksPassed: input.checksPassed ?? true,
        protected: spec.protection.protected,
        approvalsRequired: spec.protection.protected ? spec.protection.approvalsRequired : 0,
        approvalExpiryHours: spec.protection.approvalExpiryHours,
        ...(input.createdAt ? { createdAt: input.createdAt } : {}),
      },
    });
    await tx.planObject.createMany({
      data: objects.map((entry, seq) => ({
        planId: id,
        seq,
        objectId: objectIdOf(entry.object),
        apiVersion: entry.object.apiVersion,
        kind: entry.object.kind,
        namespace: entry.object.metadata.namespace ?? '',
        name: entry.object.metadata.name,
        component: entry.component ?? componentOf(entry.object),
        wave: waveOf(entry.object.kind),
        action: entry.action,
        desired: entry.action === 'delete' ? undefined : (entry.object as object),
        liveResourceVersion: entry.liveResourceVersion ?? ((entry.live?.metadata.resourceVersion as string | undefined) ?? null),
        liveFingerprint: entry.live ? liveFingerprint(entry.live, entry.action === 'delete' ? null : entry.object) : null,
        diff: '',
      })),
    });
  });
  return { id, hash };
}

/** A run of a new plan with no objects, ended as `status` by a test "worker": for reading runs and their events. */
export async function endedRun(
  deps: Deps,
  db: Db,
  input: { environment: string; requestedBy: string; status?: 'succeeded' | 'failed'; events?: Array<{ type: string; payload: Record<string, unknown> }> },
): Promise<{ runId: string; planId: string }> {
  const plan = await insertPlan(db, { environment: input.environment, requestedBy: input.requestedBy });
  const audit = { actor: null, action: 'run.requested', targetType: 'environment' as const, targetName: input.environment, requestId: randomUUID(), summary: 'test fixture' };
  const run = await deps.runs.createRun({ planId: plan.id, requestedBy: input.requestedBy, kind: 'deploy' }, () => undefined, audit);
  const lease = await deps.runs.claimRun(run.id, 'test-worker', 30);
  if (!lease) throw new Error('the fixture run could not be claimed');
  for (const event of input.events ?? []) await deps.runs.appendEvent(lease, event.type, event.payload);
  await deps.runs.finishRun(lease, { status: input.status ?? 'succeeded', error: input.status === 'failed' ? 'fixture failure' : undefined }, { ...audit, action: 'run.ended' });
  return { runId: run.id, planId: plan.id };
}
