// What a deploy run guarantees when things go wrong around it, against the run's database with a
// scripted cluster: a worker cut off from the database stops writing to the cluster once its lease
// has lapsed; a plan row changed after the plan was made is never applied; a stopping worker hands
// its run back without the attempt counting; one waiting job per run; a queued run can be
// cancelled; the inventory learns what a run that did not finish left on the cluster; a run resumed
// while pruning does not mistake its own deletions for drift; the rollout check rides out a cluster
// that answers "unavailable" for a moment.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import type { ClusterGateway, ObjectRef, PlainObject, RolloutStatus } from '@/lib/core/deploy/cluster-gateway';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { errorCode, Unavailable } from '@/lib/core/errors';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import type { Deps } from '@/lib/server/deps';
import { insertPlan, type FixtureObject } from '@/lib/test-support/plan-fixtures';
import { contextFor, createActor, createTestDb, createTestDeps, ensureCluster, unique } from '@/lib/test-support/test-deps';
import { cancelRun } from './cancel-run';
import { deployPlan } from './deploy-plan';
import { startDeployWorker } from './deploy-worker';
import { executeDeployRun } from './execute-deploy-run';
import { findWorkerPresence } from './worker-presence';

const db = createTestDb();
const deps = createTestDeps(db);
const sql = new pg.Client({ connectionString: inject('databaseUrl') });
let operator: Actor, admin: Actor, viewer: Actor;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function environment(): Promise<{ name: string; ns: string }> {
  const name = unique('safe');
  await createEnvironment(contextFor(deps, admin), { spec: starterSpec(name, 'development'), changeNote: 'run safety' });
  return { name, ns: `personapass-${name}` };
}

const configMap = (ns: string, name: string, value = name): PlainObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, labels: { 'app.kubernetes.io/name': 'wallet-api', 'app.kubernetes.io/managed-by': 'personapass-console' } },
  data: { value },
});
const service = (ns: string, name: string): PlainObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ports: [{ port: 80 }] } });

/** A cluster that holds what it is given (by object id), answers reads from it, and can be scripted. */
function scriptedCluster(script: { apply?: (object: PlainObject, count: number) => Promise<void> | void; rollout?: (count: number) => RolloutStatus } = {}) {
  const live = new Map<string, PlainObject>();
  const key = (ref: ObjectRef) => `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
  let applies = 0;
  let rollouts = 0;
  const writes: string[] = [];
  const gateway = {
    cluster: 'scripted',
    get: async (ref: ObjectRef) => live.get(key(ref)) ?? null,
    apply: async (object: PlainObject) => {
      applies += 1;
      await script.apply?.(object, applies);
      const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(applies) } };
      live.set(key({ ...object, ...object.metadata }), stored);
      writes.push(`apply ${key({ ...object, ...object.metadata })}`);
      return stored;
    },
    delete: async (ref: ObjectRef) => {
      writes.push(`delete ${key(ref)}`);
      return live.delete(key(ref)) ? ('deleted' as const) : ('absent' as const);
    },
    dryRunApply: async (object: PlainObject) => object,
    compareWriteOnly: async () => ({ exists: false, changedFields: [] }),
    rolloutStatus: async () => script.rollout?.(++rollouts) ?? { complete: true, wanted: 1, updated: 1, ready: 1, available: 1, problems: [], stalled: false, paused: false },
  } as ClusterGateway;
  return { gateway, live, writes, deps: { ...deps, clusterGateways: { forCluster: async () => gateway } } as Deps };
}

/** The run store as a worker cut off from the database sees it: every call hangs once `cut` says so. */
function hangingWhen(cut: () => boolean): Deps['runs'] {
  return new Proxy(deps.runs, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (cut() ? new Promise(() => undefined) : value.apply(target, args));
    },
  });
}

async function queuedRun(env: string, objects: FixtureObject[], withDeps: Deps = scriptedCluster().deps) {
  const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId, objects });
  return { plan, run: await deployPlan(contextFor(withDeps, operator), plan.id) };
}

const runRow = (id: string) => db.deployRun.findUniqueOrThrow({ where: { id } });
const inventoryOf = async (env: string) => (await deps.plans.findInventory(env)).map((item) => item.objectId).sort();

beforeAll(async () => {
  await sql.connect();
  await ensureCluster(deps);
  [operator, admin, viewer] = await Promise.all([createActor(deps, 'operator'), createActor(deps, 'admin'), createActor(deps, 'viewer')]);
});
afterAll(async () => {
  await sql.end();
  await db.$disconnect();
});

describe('a worker cut off from the database', () => {
  it('stops writing to the cluster once its lease has lapsed, before another worker takes the run over', async () => {
    const { name, ns } = await environment();
    const objects = Array.from({ length: 200 }, (_, i) => ({ object: configMap(ns, `cm-${i}`), action: 'create' as const }));
    const { run } = await queuedRun(name, objects, scriptedCluster().deps);
    // The stale worker's database calls hang once the partition starts (packets dropped, no RST).
    let partitioned = false;
    const staleRuns = hangingWhen(() => partitioned);
    let takenOver = false;
    let appliesAfterTakeover = 0;
    const cluster = scriptedCluster({
      apply: async () => {
        partitioned = true;
        if (takenOver) appliesAfterTakeover++;
        await sleep(100); // a slow API server
      },
    });
    const stale: Deps = { ...cluster.deps, runs: staleRuns, deploy: { ...deps.deploy, leaseSeconds: 1, applyConcurrency: 4 } };
    const staleRun = executeDeployRun(stale, run.id, 'stale-worker');
    // Another worker, whose database works, takes the run over as attempt 2 the moment the lease lapses.
    let lease = null;
    while (!lease) {
      await sleep(20);
      if (partitioned) lease = await deps.runs.claimRun(run.id, 'healthy-worker', 1);
    }
    takenOver = true;
    expect(lease.attempt).toBe(2);
    await sleep(1500);
    expect(appliesAfterTakeover).toBe(0);
    expect(cluster.writes.length).toBeLessThan(objects.length);
    // And it gave up instead of hanging on the database for ever.
    expect(await staleRun).toBe('executed');
  }, 20_000);
});

describe('a worker whose database stops answering', () => {
  it('gives up on the run within its database timeout instead of hanging on it (another worker resumes it)', async () => {
    const { name, ns } = await environment();
    const deployment: PlainObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'wallet-api', namespace: ns }, spec: { replicas: 1 } };
    const { run } = await queuedRun(name, [{ object: deployment, action: 'create' }], scriptedCluster().deps);
    let partitioned = false;
    const hangingRuns = hangingWhen(() => partitioned);
    // The database goes away while the run waits for its rollout: no cluster write is left to stop.
    const cluster = scriptedCluster({
      rollout: () => {
        partitioned = true;
        return { complete: false, wanted: 1, updated: 0, ready: 0, available: 0, problems: [], stalled: false, paused: false };
      },
    });
    const started = Date.now();
    const outcome = await executeDeployRun({ ...cluster.deps, runs: hangingRuns, deploy: { ...deps.deploy, leaseSeconds: 3, rolloutPollMs: 100 } }, run.id, 'cut-off-worker');
    expect(outcome).toBe('executed');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await runRow(run.id)).status).toBe('running'); // the lease lapses; the sweep queues it for another worker
  }, 20_000);
});

describe('the approved plan', () => {
  it('is applied only while its stored objects still hash to what its approvals bind to', async () => {
    const { name, ns } = await environment();
    const cluster = scriptedCluster();
    const { plan, run } = await queuedRun(name, [{ object: configMap(ns, 'probe', 'reviewed'), action: 'create' }], cluster.deps);
    // After the decision (approval, or here the deploy), the stored desired object is swapped: the
    // database refuses that to the console's role, so here its owner does it with the guard switched
    // off (what anyone with the owner's rights could do): the worker's own check is the last line.
    const owner = new pg.Client({ connectionString: inject('migrationDatabaseUrl') });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      await owner.query('ALTER TABLE plan_objects DISABLE TRIGGER plan_objects_append_only');
      await owner.query(`UPDATE plan_objects SET desired = $2 WHERE plan_id = $1`, [plan.id, JSON.stringify(configMap(ns, 'probe', 'swapped-in'))]);
      await owner.query('ALTER TABLE plan_objects ENABLE TRIGGER plan_objects_append_only');
      await owner.query('COMMIT');
    } finally {
      await owner.end();
    }
    await executeDeployRun(cluster.deps, run.id, 'test-worker');
    expect(cluster.writes).toEqual([]);
    const ended = await runRow(run.id);
    expect(ended.status).toBe('failed');
    expect(ended.error).toMatch(new RegExp(`^plan ${plan.id} was changed after it was made: its stored objects hash to [0-9a-f]{12}…, not the ${plan.hash.slice(0, 12)}… its approvals bind to; nothing was applied`));
  });
});

describe('a stopping worker (SIGTERM)', () => {
  it('hands its run back at the next object: queued again with a job at once, the attempt not counted, and the next worker resumes it', async () => {
    const { name, ns } = await environment();
    const objects = Array.from({ length: 10 }, (_, i) => ({ object: configMap(ns, `cm-${i}`), action: 'create' as const }));
    const stopping = new AbortController();
    const first = scriptedCluster({ apply: (_, count) => void (count === 3 && stopping.abort()) });
    const { run } = await queuedRun(name, objects, first.deps);
    const settings = { ...first.deps, deploy: { ...deps.deploy, applyConcurrency: 1, maxAttempts: 1 } };
    expect(await executeDeployRun(settings, run.id, 'stopping-worker', { signal: stopping.signal })).toBe('released');
    const released = await runRow(run.id);
    expect({ status: released.status, attempts: released.attempts, handbacks: released.handbacks }).toEqual({ status: 'queued', attempts: 1, handbacks: 1 });
    expect(await db.deployRunObject.count({ where: { runId: run.id, status: 'applied' } })).toBe(3);
    const events = await deps.runs.findEvents(run.id, null, 100);
    expect(events.at(-1)).toMatchObject({ type: 'run.released', payload: { reason: 'its worker is stopping', worker: 'stopping-worker', attempt: 1 } });
    // A job waits for the next worker now (one, whatever the sweep adds).
    await deps.jobs.enqueueDeployRun(run.id);
    const jobs = await sql.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'runId' = $1 AND state = 'created'`, [run.id]);
    expect(jobs.rows[0].n).toBe(1);

    // With one attempt allowed, the next worker still resumes it: the handed-back attempt did not count.
    const second = scriptedCluster();
    expect(await executeDeployRun({ ...settings, clusterGateways: second.deps.clusterGateways }, run.id, 'next-worker')).toBe('executed');
    const ended = await runRow(run.id);
    expect({ status: ended.status, error: ended.error, attempts: ended.attempts }).toEqual({ status: 'succeeded', error: null, attempts: 2 });
    expect(second.writes).toHaveLength(7);
  });

  it('a worker process records itself alive, and stopped when it stops; a queued run says whether any worker is alive', async () => {
    const jobs = { work: async () => undefined, stop: async () => undefined };
    // The first sweep's 'alive' lands late (a slow database): stopping must not be overwritten by it.
    const slowAlive = Object.create(deps.runs) as typeof deps.runs;
    slowAlive.recordWorker = async (worker, state) => {
      if (state === 'alive') await new Promise((resolve) => setTimeout(resolve, 300));
      return deps.runs.recordWorker(worker, state);
    };
    const quick = { ...deps, runs: slowAlive, deploy: { ...deps.deploy, leaseSeconds: 2 } };
    const name = unique('worker');
    const worker = await startDeployWorker(quick, jobs, { concurrency: 1, worker: name });
    expect(await findWorkerPresence(contextFor(quick, viewer))).toMatchObject({ alive: true });
    await worker.stop();
    await new Promise((resolve) => setTimeout(resolve, 400)); // past any late 'alive'
    const row = await db.deployWorker.findUniqueOrThrow({ where: { name } });
    expect(row.stoppedAt).not.toBeNull();
    // Once no worker has been seen for a lease, a queued run's page says since when.
    const later = { ...quick, now: () => new Date(Date.now() + 60_000) };
    await db.deployWorker.updateMany({ where: { stoppedAt: null }, data: { seenAt: new Date(Date.now() - 10_000) } });
    const presence = await findWorkerPresence(contextFor(later, viewer));
    expect(presence.alive).toBe(false);
  });
});

describe('jobs', () => {
  it('keep one waiting job per run, however often the sweep queues it again', async () => {
    const { name, ns } = await environment();
    const { run } = await queuedRun(name, [{ object: configMap(ns, 'one'), action: 'create' }]);
    for (let i = 0; i < 3; i++) await deps.jobs.enqueueDeployRun(run.id);
    const jobs = await sql.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'runId' = $1 AND state = 'created'`, [run.id]);
    expect(jobs.rows[0].n).toBe(1);
  });
});

describe('cancelling a run', () => {
  it('ends a queued run (operators, admins), frees the environment for the next deploy, and refuses once a worker has it', async () => {
    const { name, ns } = await environment();
    const { plan, run } = await queuedRun(name, [{ object: configMap(ns, 'c'), action: 'create' }]);
    const refused = await cancelRun(contextFor(deps, viewer), run.id).catch((error: Error) => errorCode(error));
    expect(refused).toBe('forbidden');
    const cancelled = await cancelRun(contextFor(deps, operator), run.id);
    expect({ status: cancelled.status, error: cancelled.error }).toEqual({ status: 'cancelled', error: 'cancelled before a worker started it' });
    expect((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe('failed');
    expect((await deps.runs.findEvents(run.id, null, 10)).at(-1)?.type).toBe('run.cancelled');
    const audit = await db.auditEvent.findFirst({ where: { action: 'run.cancelled', targetName: name } });
    expect(audit?.summary).toContain(`cancelled by ${operator.email}`);
    // A worker handed the job later finds nothing to do.
    expect(await executeDeployRun(deps, run.id, 'late-worker')).toBe('not-mine');
    expect(await cancelRun(contextFor(deps, admin), run.id).catch((error: Error) => errorCode(error))).toBe('conflict');

    // The active-run slot is free again; a running run cannot be cancelled.
    const { run: next } = await queuedRun(name, [{ object: configMap(ns, 'c'), action: 'create' }]);
    await deps.runs.claimRun(next.id, 'busy-worker', 30);
    const running = await cancelRun(contextFor(deps, admin), next.id).catch((error: Error) => `${errorCode(error)}: ${error.message}`);
    expect(running).toBe('conflict: the run is running: only a queued run can be cancelled');
  });
});

describe('the inventory after a run that did not finish', () => {
  it('gains what a run failing at its rollout applied and forgets what it pruned', async () => {
    const { name, ns } = await environment();
    const first = scriptedCluster();
    const { run: setUp } = await queuedRun(name, [{ object: configMap(ns, 'kept'), action: 'create' }, { object: service(ns, 'old'), action: 'create' }], first.deps);
    await executeDeployRun(first.deps, setUp.id, 'test-worker');
    const deployment: PlainObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'new-app', namespace: ns }, spec: { replicas: 1 } };
    const stalled: RolloutStatus = { complete: false, wanted: 1, updated: 1, ready: 0, available: 0, problems: [{ pod: 'new-app-1', reason: 'CrashLoopBackOff', message: '' }], stalled: true, paused: false };
    const failing = scriptedCluster({ rollout: () => stalled });
    for (const [key, object] of first.live) failing.live.set(key, object);
    const objects: FixtureObject[] = [
      { object: configMap(ns, 'kept'), action: 'unchanged', liveResourceVersion: '1' },
      { object: configMap(ns, 'new-1'), action: 'create' },
      { object: deployment, action: 'create' },
      { object: service(ns, 'old'), action: 'delete', liveResourceVersion: '2' },
    ];
    const { run } = await queuedRun(name, objects, failing.deps);
    await executeDeployRun(failing.deps, run.id, 'test-worker');
    expect(await runRow(run.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('rollout stalled') });
    // Its rollback plan must be able to delete what it created; the Service it pruned is gone.
    expect(await inventoryOf(name)).toEqual([`ConfigMap/${ns}/kept`, `ConfigMap/${ns}/new-1`, `Deployment/${ns}/new-app`]);
  });

  it('gains what a run failing at an apply applied, and the object it failed on', async () => {
    const { name, ns } = await environment();
    const first = scriptedCluster();
    // Deployed once: config and a Service the next revision drops.
    const { run: setUp } = await queuedRun(name, [{ object: configMap(ns, 'kept'), action: 'create' }, { object: service(ns, 'old'), action: 'create' }], first.deps);
    await executeDeployRun(first.deps, setUp.id, 'test-worker');
    expect(await inventoryOf(name)).toEqual([`ConfigMap/${ns}/kept`, `Service/${ns}/old`]);

    // The next run prunes the Service, applies two new ConfigMaps, then its Service apply fails.
    const failing = scriptedCluster({
      apply: (object) => {
        if (object.kind === 'Service') throw new Unavailable('cluster scripted answered 503');
      },
    });
    for (const [key, object] of first.live) failing.live.set(key, object);
    const objects: FixtureObject[] = [
      { object: configMap(ns, 'kept'), action: 'unchanged', liveResourceVersion: '1' },
      { object: configMap(ns, 'new-1'), action: 'create' },
      { object: configMap(ns, 'new-2'), action: 'create' },
      { object: service(ns, 'new-svc'), action: 'create' },
      { object: service(ns, 'old'), action: 'delete', liveResourceVersion: '2' },
    ];
    const { run } = await queuedRun(name, objects, failing.deps);
    await executeDeployRun(failing.deps, run.id, 'test-worker');
    expect((await runRow(run.id)).status).toBe('failed');
    // The failed Service's apply may have reached the cluster before the error: it is kept too; the
    // deletion never ran (prune comes after the waves), so the old Service stays.
    expect(await inventoryOf(name)).toEqual([`ConfigMap/${ns}/kept`, `ConfigMap/${ns}/new-1`, `ConfigMap/${ns}/new-2`, `Service/${ns}/new-svc`, `Service/${ns}/old`]);
  });

  it('gains what an interrupted run applied, the wave it stopped in included', async () => {
    const { name, ns } = await environment();
    const objects: FixtureObject[] = [
      { object: configMap(ns, 'a'), action: 'create' },
      { object: configMap(ns, 'b'), action: 'create' },
      { object: service(ns, 'later'), action: 'create' },
    ];
    const { run } = await queuedRun(name, objects, scriptedCluster().deps);
    // Its worker recorded a, then died; so did the next two.
    const lease = (await deps.runs.claimRun(run.id, 'dying-1', 0))!;
    await deps.runs.recordObjects(lease, [{ seq: 0, status: 'applied', event: { type: 'object.applied', payload: {} } }]);
    for (const worker of ['dying-2', 'dying-3']) {
      await sleep(20);
      await deps.runs.claimRun(run.id, worker, 0);
    }
    await sleep(20);
    await executeDeployRun({ ...deps, deploy: { ...deps.deploy, leaseSeconds: 0, maxAttempts: 3 } }, run.id, 'last-worker');
    expect((await runRow(run.id)).status).toBe('interrupted');
    // a recorded, b perhaps applied unrecorded (same wave), the Service's wave never started.
    expect(await inventoryOf(name)).toEqual([`ConfigMap/${ns}/a`, `ConfigMap/${ns}/b`]);
  });
});

describe('a run resumed while pruning', () => {
  it('does not take the deletions it made before its worker died for drift', async () => {
    const { name, ns } = await environment();
    const cluster = scriptedCluster();
    const objects: FixtureObject[] = [
      { object: configMap(ns, 'kept'), action: 'unchanged', liveResourceVersion: '1' },
      { object: service(ns, 'gone-svc'), action: 'delete', liveResourceVersion: '2' },
      { object: configMap(ns, 'gone-cm'), action: 'delete', liveResourceVersion: '3' },
    ];
    const withVersion = (object: PlainObject, resourceVersion: string) => ({ ...object, metadata: { ...object.metadata, resourceVersion } });
    cluster.live.set(`ConfigMap/${ns}/kept`, withVersion(configMap(ns, 'kept'), '1'));
    cluster.live.set(`Service/${ns}/gone-svc`, withVersion(service(ns, 'gone-svc'), '2'));
    cluster.live.set(`ConfigMap/${ns}/gone-cm`, withVersion(configMap(ns, 'gone-cm'), '3'));
    const { run } = await queuedRun(name, objects, cluster.deps);
    // Attempt 1 recorded the unchanged object, deleted both objects (Service, then ConfigMap: reverse
    // wave order) and died before its batch of outcomes was written.
    const lease = (await deps.runs.claimRun(run.id, 'dead-worker', 1))!;
    await deps.runs.recordObjects(lease, [{ seq: 0, status: 'unchanged', event: { type: 'object.unchanged', payload: {} } }]);
    cluster.live.delete(`Service/${ns}/gone-svc`);
    cluster.live.delete(`ConfigMap/${ns}/gone-cm`);
    await sleep(1100);
    await executeDeployRun({ ...cluster.deps, deploy: { ...deps.deploy, leaseSeconds: 1 } }, run.id, 'next-worker');
    const ended = await runRow(run.id);
    expect({ status: ended.status, error: ended.error, attempts: ended.attempts }).toEqual({ status: 'succeeded', error: null, attempts: 2 });
    const pruned = await db.deployRunObject.findMany({ where: { runId: run.id, status: 'pruned' }, orderBy: { seq: 'asc' } });
    expect(pruned.map((object) => object.message)).toEqual(['already gone', 'already gone']);
  });
});

describe('the rollout check', () => {
  it('rides out a cluster answering "unavailable" for a moment, says so in the events, and waits as long as its environment allows', async () => {
    const { name, ns } = await environment();
    const deployment: PlainObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'wallet-api', namespace: ns }, spec: { replicas: 1 } };
    const healthy: RolloutStatus = { complete: true, wanted: 1, updated: 1, ready: 1, available: 1, problems: [], stalled: false, paused: false };
    const cluster = scriptedCluster({
      rollout: (count) => {
        if (count <= 2) throw new Unavailable('cluster scripted answered 503 to get deployments.apps (the API server is restarting)');
        return healthy;
      },
    });
    const { run } = await queuedRun(name, [{ object: deployment, action: 'create' }], cluster.deps);
    // This environment's own rollout timeout (DEPLOY_ROLLOUT_TIMEOUTS), not the console's default.
    await executeDeployRun({ ...cluster.deps, deploy: { ...deps.deploy, rolloutPollMs: 50, rolloutTimeouts: { [name]: 45 } } }, run.id, 'test-worker');
    expect(await runRow(run.id)).toMatchObject({ status: 'succeeded', error: null });
    const events = await deps.runs.findEvents(run.id, null, 100);
    expect(events.filter((event) => event.type === 'rollout.retrying')).toHaveLength(1);
    expect(events.find((event) => event.type === 'step' && event.payload.step === 'rollout')?.payload).toMatchObject({ timeoutSeconds: 45 });
  });
});
