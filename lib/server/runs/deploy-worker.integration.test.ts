// Deploy workers as separate processes (npm run worker) on the run's database, against the
// testbed: a worker killed mid-run is taken over and the run resumes from the first object not
// recorded as applied; a worker stopped with SIGTERM hands its run back without the attempt
// counting; several workers never execute the same run, even with duplicate jobs; of two workers
// running side by side (the console's replicas on Kubernetes, manifests/console), the survivor of a
// SIGKILL mid-deploy finishes the run, or ends it as interrupted with a reason when no attempt is left.
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deployRunQueue, jobSchema } from '@/lib/adapters/jobs/pg-boss-job-queue';
import type { Actor } from '@/lib/core/auth/roles';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { insertPlan } from '@/lib/test-support/plan-fixtures';
import { contextFor, createActor, createTestDb, createTestDeps, ensureCluster, unique } from '@/lib/test-support/test-deps';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { startWorker, stopWorker, type WorkerProcess } from '@/lib/test-support/worker-processes';
import { toPlain } from '@/manifests/kube-object';
import { renderPlatform } from '@/manifests/render-platform';
import { adminKubeConfig, applyObjects, consoleEnvironmentObjects, deleteObjects, waitFor } from '@/scripts/stack/test-support';
import { deployPlan } from './deploy-plan';

const db = createTestDb();
const deps = createTestDeps(db);
const cluster = unique('workers');
const grants: Array<ReturnType<typeof consoleEnvironmentObjects>> = [];
const workers: WorkerProcess[] = [];
let admin: Actor, operator: Actor;

async function environmentWithPlan(prefix: string, objects: (namespace: string, spec: ReturnType<typeof starterSpec>) => PlainObject[]) {
  const name = unique(prefix);
  const spec = { ...starterSpec(name, 'development'), cluster };
  const grant = consoleEnvironmentObjects(name, spec.namespace);
  grants.push(grant);
  await applyObjects(adminKubeConfig(), grant);
  await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'worker test' });
  const plan = await insertPlan(db, {
    environment: name,
    requestedBy: operator.userId,
    objects: objects(spec.namespace, spec).filter((object) => object.kind !== 'Namespace').map((object) => ({ object, action: 'create' as const })),
  });
  return { name, spec, plan };
}

const runRow = (id: string) => db.deployRun.findUniqueOrThrow({ where: { id } });
const settled = (id: string, timeoutMs: number) => waitFor(`run ${id} to end`, async () => ['succeeded', 'failed', 'interrupted'].includes((await runRow(id)).status), timeoutMs, 300);

beforeAll(async () => {
  [admin, operator] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator')]);
  // The testbed under a name of its own with its real console credential (a fixture identity, no connection test).
  await ensureCluster(deps, cluster, testbedCluster(cluster));
}, 60_000);
afterAll(async () => {
  await Promise.all(workers.map((worker) => stopWorker(worker, 'SIGKILL')));
  for (const grant of grants) await deleteObjects(adminKubeConfig(), grant);
  await db.$disconnect();
}, 120_000);

describe('deploy workers', () => {
  it('a worker killed mid-run is taken over: the run resumes from the first object not recorded as applied and succeeds', async () => {
    const { plan } = await environmentWithPlan('crash', (_, spec) => renderPlatform(spec).map((object) => toPlain(object) as PlainObject));
    const run = await deployPlan(contextFor(deps, operator), plan.id);
    // One object at a time, so the kill lands between objects of a wave.
    const first = startWorker('worker-a', { DEPLOY_APPLY_CONCURRENCY: '1' });
    workers.push(first);
    await waitFor('worker-a to apply 15 objects', async () => (await db.deployRunObject.count({ where: { runId: run.id, status: 'applied' } })) >= 15, 60_000, 100);
    await stopWorker(first, 'SIGKILL');
    const appliedByFirst = await db.deployRunObject.count({ where: { runId: run.id, status: { in: ['applied', 'unchanged'] } } });
    expect((await runRow(run.id)).status).toBe('running');
    expect(appliedByFirst).toBeLessThan(plan ? (await db.deployRunObject.count({ where: { runId: run.id } })) : 0);

    const second = startWorker('worker-b');
    workers.push(second);
    await settled(run.id, 120_000);
    const ended = await runRow(run.id);
    expect({ status: ended.status, error: ended.error, attempts: ended.attempts }).toEqual({ status: 'succeeded', error: null, attempts: 2 });

    const events = await deps.runs.findEvents(run.id, null, 2000);
    const resumed = events.find((event) => event.type === 'run.resumed')!;
    expect(resumed.payload).toMatchObject({ worker: 'worker-b', attempt: 2, done: appliedByFirst });
    const objects = await db.deployRunObject.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } });
    expect(resumed.payload.from).toBe(objects[appliedByFirst]!.objectId);
    // Each object recorded once: what worker-a recorded stays its own, worker-b did the rest.
    const applied = events.filter((event) => event.type === 'object.applied');
    expect(applied).toHaveLength(objects.length);
    expect(new Set(applied.map((event) => event.payload.seq)).size).toBe(objects.length);
    expect(applied.slice(0, appliedByFirst).every((event) => event.payload.worker === 'worker-a')).toBe(true);
    expect(applied.slice(appliedByFirst).every((event) => event.payload.worker === 'worker-b')).toBe(true);
    await stopWorker(second);
  }, 300_000);

  it('a worker stopped with SIGTERM hands its run back at the next object: the next worker resumes it, the attempt not counted', async () => {
    // Enough objects, one at a time, that the worker is still applying when the signal arrives.
    const configMaps = (namespace: string) => Array.from({ length: 300 }, (_, i): PlainObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `handback-${i}`, namespace }, data: { i: String(i) } }));
    const { plan } = await environmentWithPlan('handback', configMaps);
    const run = await deployPlan(contextFor(deps, operator), plan.id);
    // One attempt allowed: a stop that counted would end the run interrupted.
    const first = startWorker('worker-e', { DEPLOY_APPLY_CONCURRENCY: '1', DEPLOY_RUN_MAX_ATTEMPTS: '1' });
    workers.push(first);
    await waitFor('worker-e to apply 10 objects', async () => (await db.deployRunObject.count({ where: { runId: run.id, status: 'applied' } })) >= 10, 60_000, 100);
    await stopWorker(first, 'SIGTERM');
    expect(first.child.exitCode).toBe(0);
    const handedBack = await runRow(run.id);
    expect({ status: handedBack.status, attempts: handedBack.attempts, handbacks: handedBack.handbacks }).toEqual({ status: 'queued', attempts: 1, handbacks: 1 });
    expect((await db.deployWorker.findUniqueOrThrow({ where: { name: 'worker-e' } })).stoppedAt).not.toBeNull();
    const released = (await deps.runs.findEvents(run.id, null, 1000)).at(-1);
    expect(released).toMatchObject({ type: 'run.released', payload: { worker: 'worker-e', reason: 'its worker is stopping' } });

    const second = startWorker('worker-f', { DEPLOY_RUN_MAX_ATTEMPTS: '1' });
    workers.push(second);
    await settled(run.id, 120_000);
    const ended = await runRow(run.id);
    expect({ status: ended.status, error: ended.error, attempts: ended.attempts }).toEqual({ status: 'succeeded', error: null, attempts: 2 });
    const events = await deps.runs.findEvents(run.id, null, 1000);
    expect(events.find((event) => event.type === 'run.resumed')?.payload).toMatchObject({ worker: 'worker-f', attempt: 2 });
    expect(events.filter((event) => event.type === 'object.applied')).toHaveLength(300);
    await stopWorker(second);
  }, 300_000);

  // Both workers run from the start, as the console's replicas do: nothing is restarted, the survivor
  // alone notices the lapsed lease (its stranded-run sweep) and takes the run over.
  async function killExecutorMidDeploy(prefix: string, settings: Record<string, string>) {
    const configMaps = (namespace: string) => Array.from({ length: 200 }, (_, i): PlainObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${prefix}-${i}`, namespace }, data: { i: String(i) } }));
    const { plan } = await environmentWithPlan(prefix, configMaps);
    const pair = [startWorker(`${prefix}-a`, settings), startWorker(`${prefix}-b`, settings)];
    workers.push(...pair);
    try {
      const run = await deployPlan(contextFor(deps, operator), plan.id);
      await waitFor(`a worker to apply 10 objects of ${run.id}`, async () => (await db.deployRunObject.count({ where: { runId: run.id, status: 'applied' } })) >= 10, 90_000, 100);
      const started = (await deps.runs.findEvents(run.id, null, 100)).find((event) => event.type === 'run.started')!;
      const executor = pair.find((worker) => worker.name === started.payload.worker)!;
      const survivor = pair.find((worker) => worker !== executor)!;
      await stopWorker(executor, 'SIGKILL');
      expect((await runRow(run.id)).status).toBe('running');
      await settled(run.id, 120_000);
      return { run: await runRow(run.id), events: await deps.runs.findEvents(run.id, null, 1000), executor, survivor };
    } catch (error) {
      for (const worker of pair) console.error(`--- ${worker.name}\n${worker.output().slice(-3000)}`);
      throw error;
    } finally {
      await Promise.all(pair.map((worker) => stopWorker(worker, 'SIGKILL')));
    }
  }

  it('of two workers running side by side, the one executing a run is killed mid-deploy: the other takes the run over and finishes it', async () => {
    const { run, events, executor, survivor } = await killExecutorMidDeploy('pair', { DEPLOY_APPLY_CONCURRENCY: '1' });
    expect({ status: run.status, error: run.error, attempts: run.attempts }).toEqual({ status: 'succeeded', error: null, attempts: 2 });
    expect(events.find((event) => event.type === 'run.resumed')?.payload).toMatchObject({ worker: survivor.name, attempt: 2 });
    const applied = events.filter((event) => event.type === 'object.applied');
    expect(applied).toHaveLength(200);
    expect(new Set(applied.map((event) => event.payload.worker))).toEqual(new Set([executor.name, survivor.name]));
    expect(survivor.child.exitCode).toBeNull();
  }, 300_000);

  it('of two workers running side by side, when the killed one used the run\'s last attempt the other ends it as interrupted, saying why', async () => {
    const { run, events, survivor } = await killExecutorMidDeploy('last', { DEPLOY_APPLY_CONCURRENCY: '1', DEPLOY_RUN_MAX_ATTEMPTS: '1' });
    expect(run.status).toBe('interrupted');
    expect(run.error).toMatch(/\S/);
    expect(run.finishedAt).not.toBeNull();
    // Ended by the survivor, not left 'running' for a worker that will never come back.
    expect(events.at(-1)).toMatchObject({ type: 'run.interrupted', payload: { worker: survivor.name, attempt: 2 } });
  }, 300_000);

  it('two workers never execute the same run, even when each gets a job for every run', async () => {
    const configMaps = (namespace: string) =>
      Array.from({ length: 40 }, (_, i): PlainObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `exactly-once-${i}`, namespace }, data: { i: String(i) } }));
    const environments = await Promise.all([1, 2, 3, 4].map(() => environmentWithPlan('once', configMaps)));
    const runs = [];
    for (const { plan } of environments) runs.push(await deployPlan(contextFor(deps, operator), plan.id));
    // Duplicate jobs: both workers will be handed the same runs. The console's own sends keep one
    // waiting job per run (its singletonKey); these come from elsewhere, under keys of their own.
    const boss = new PgBoss({ connectionString: inject('databaseUrl'), schema: jobSchema, migrate: false, createSchema: false, supervise: false, schedule: false });
    boss.on('error', () => undefined);
    await boss.start();
    for (const run of runs) for (let i = 0; i < 3; i++) await boss.send(deployRunQueue, { runId: run.id }, { singletonKey: `${run.id}:duplicate-${i}` });
    await boss.stop({ graceful: false, close: true });
    // Eight job slots for four runs and their twelve duplicates: duplicates are taken while their
    // runs are still applying (one object at a time), so only the lease keeps them out.
    const contention = { DEPLOY_WORKER_CONCURRENCY: '4', DEPLOY_APPLY_CONCURRENCY: '1' };
    const pair = [startWorker('worker-c', contention), startWorker('worker-d', contention)];
    workers.push(...pair);
    for (const run of runs) await settled(run.id, 120_000);
    for (const run of runs) {
      const row = await runRow(run.id);
      expect({ status: row.status, attempts: row.attempts }).toEqual({ status: 'succeeded', attempts: 1 });
      const events = await deps.runs.findEvents(run.id, null, 500);
      expect(events.filter((event) => event.type === 'run.started')).toHaveLength(1);
      const executedBy = new Set(events.map((event) => event.payload.worker).filter(Boolean));
      expect(executedBy.size).toBe(1);
      expect(events.filter((event) => event.type === 'object.applied')).toHaveLength(40);
    }
    await Promise.all(pair.map((worker) => stopWorker(worker)));
  }, 300_000);
});
