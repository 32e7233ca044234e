// Deploy runs executed for real against the testbed, as the console's ServiceAccount in namespaces
// granted with console-environment.yaml: waves, per-object outcomes and events, rollout health,
// drift (PlanStale), a failing rollout named by its pods, pruning, and the inventory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClusterGateway } from '@/lib/adapters/kubernetes/kube-cluster-gateway';
import type { Actor } from '@/lib/core/auth/roles';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { componentOf } from '@/lib/core/deploy/plan-summary';
import { waves } from '@/lib/core/deploy/waves';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { errorCode } from '@/lib/core/errors';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { defaultDeploySettings, type Deps } from '@/lib/server/deps';
import { insertPlan, type FixtureObject } from '@/lib/test-support/plan-fixtures';
import { contextFor, createActor, createTestDb, createTestDeps, ensureCluster, unique } from '@/lib/test-support/test-deps';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { objectId, toPlain } from '@/manifests/kube-object';
import { renderPlatform } from '@/manifests/render-platform';
import { adminKubeConfig, applyObjects, consoleEnvironmentObjects, deleteObjects } from '@/scripts/stack/test-support';
import { deployPlan } from './deploy-plan';
import { executeDeployRun } from './execute-deploy-run';

const db = createTestDb();
const gateway = new KubeClusterGateway(testbedCluster('testbed'), { timeoutMs: 15_000 });
const deps: Deps = { ...createTestDeps(db), clusterGateways: { forCluster: async () => gateway }, deploy: { ...defaultDeploySettings, rolloutTimeoutSeconds: 60, rolloutPollMs: 300 } };
const grants: Array<ReturnType<typeof consoleEnvironmentObjects>> = [];
let admin: Actor, operator: Actor;

async function grantedEnvironment(prefix: string): Promise<EnvironmentSpec> {
  const name = unique(prefix);
  const spec = starterSpec(name, 'development');
  const grant = consoleEnvironmentObjects(name, spec.namespace);
  grants.push(grant);
  await applyObjects(adminKubeConfig(), grant);
  await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'deploy run test' });
  return spec;
}

const rendered = (spec: EnvironmentSpec) => renderPlatform(spec).map((object) => toPlain(object) as PlainObject);
const ref = (object: PlainObject) => ({ apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name });

/** What the plan engine would plan now: create what is missing, compare the rest as it lives now (the drift check's fingerprint). */
async function planOf(objects: PlainObject[], change: (object: PlainObject) => 'update' | 'unchanged' = () => 'unchanged'): Promise<FixtureObject[]> {
  return Promise.all(
    objects.map(async (object) => {
      const live = object.kind === 'Secret' ? null : await gateway.get(ref(object));
      if (object.kind !== 'Secret' && !live) return { object, action: 'create' as const };
      return { object, action: object.kind === 'Secret' ? ('update' as const) : change(object), live };
    }),
  );
}

async function deployAndExecute(environment: string, objects: FixtureObject[]) {
  const plan = await insertPlan(db, { environment, requestedBy: operator.userId, objects });
  const run = await deployPlan(contextFor(deps, operator), plan.id);
  expect(await executeDeployRun(deps, run.id, 'test-worker')).toBe('executed');
  return { plan, run: (await deps.runs.getRun(run.id))!, events: await deps.runs.findEvents(run.id, null, 1000) };
}

beforeAll(async () => {
  await ensureCluster(deps);
  [admin, operator] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator')]);
}, 60_000);
afterAll(async () => {
  await gateway.close();
  for (const grant of grants) await deleteObjects(adminKubeConfig(), grant);
  await db.$disconnect();
}, 120_000);

describe('a deploy run on the testbed', () => {
  it('applies an empty environment in waves, waits for healthy rollouts, records every object and event, and replaces the inventory', async () => {
    const spec = await grantedEnvironment('run');
    const objects = rendered(spec);
    const { plan, run, events } = await deployAndExecute(spec.name, await planOf(objects));
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    // The grant made the three namespaces already: the plan found them as they should be.
    expect(run.counts).toEqual({ applied: objects.length - 3, unchanged: 3 });
    expect(run.objects.filter((object) => object.status === 'unchanged').map((object) => object.kind)).toEqual(['Namespace', 'Namespace', 'Namespace']);
    expect(run.objects.every((object) => object.status === 'unchanged' || object.resourceVersion)).toBe(true);

    const types = events.map((event) => event.type);
    expect(types[0]).toBe('run.queued');
    expect(types[1]).toBe('run.started');
    expect(types.at(-1)).toBe('run.succeeded');
    // Waves in order, each finished before the next starts.
    const started = events.filter((event) => event.type === 'wave.started').map((event) => event.payload.wave as string);
    expect(started).toEqual(waves.filter((wave) => started.includes(wave)));
    const waveMarks = events.filter((event) => event.type.startsWith('wave.')).map((event) => `${event.type.slice(5)} ${event.payload.wave}`);
    expect(waveMarks).toEqual(started.flatMap((wave) => [`started ${wave}`, `finished ${wave}`]));
    // Every object event of a wave lies between its start and its end.
    for (const event of events.filter((e) => e.type === 'object.applied')) {
      const wave = event.payload.wave as string;
      const at = events.indexOf(event);
      expect(at).toBeGreaterThan(events.findIndex((e) => e.type === 'wave.started' && e.payload.wave === wave));
      expect(at).toBeLessThan(events.findIndex((e) => e.type === 'wave.finished' && e.payload.wave === wave));
    }
    const lastApplied = types.lastIndexOf('object.applied');
    const rolloutStep = events.findIndex((event) => event.type === 'step' && event.payload.step === 'rollout');
    expect(rolloutStep).toBeGreaterThan(lastApplied);
    const healthy = events.filter((event) => event.type === 'rollout.progress' && event.payload.complete);
    expect(new Set(healthy.map((event) => event.payload.workload))).toEqual(new Set(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)));

    expect((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe('deployed');
    const inventory = await db.inventoryItem.findMany({ where: { environment: { name: spec.name } } });
    expect(inventory.map((item) => item.objectId).sort()).toEqual(run.objects.map((object) => object.objectId).sort());
    expect(await db.auditEvent.count({ where: { targetName: spec.name, action: { in: ['run.requested', 'run.succeeded'] } } })).toBe(2);
  }, 180_000);

  it('re-deploys an unchanged plan without writing anything: no resourceVersion changes', async () => {
    const spec = await grantedEnvironment('noop');
    const objects = rendered(spec);
    await deployAndExecute(spec.name, await planOf(objects));
    const versions = async () => Promise.all(objects.filter((o) => o.kind !== 'Secret').map(async (o) => (await gateway.get(ref(o)))?.metadata.resourceVersion));
    const before = await versions();
    const { run } = await deployAndExecute(spec.name, await planOf(objects));
    expect(run.status).toBe('succeeded');
    expect(run.counts.unchanged).toBe(objects.filter((o) => o.kind !== 'Secret').length);
    expect(await versions()).toEqual(before);
  }, 180_000);

  it('answers PlanStale (409) when a live object changed after the plan, and starts no run', async () => {
    const spec = await grantedEnvironment('stale');
    const objects = rendered(spec);
    await deployAndExecute(spec.name, await planOf(objects));
    const changed = objects.find((o) => o.kind === 'ConfigMap')!;
    const plan = await insertPlan(db, { environment: spec.name, requestedBy: operator.userId, objects: await planOf(objects, (o) => (o === changed ? 'update' : 'unchanged')) });
    // Someone else changes it after the plan was made.
    await applyObjects(adminKubeConfig(), [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: changed.metadata.name, namespace: changed.metadata.namespace, labels: { 'example.com/touched': 'yes' } } }], 'someone-else');
    const refusal = await deployPlan(contextFor(deps, operator), plan.id).catch((error: Error) => error);
    expect(errorCode(refusal)).toBe('plan_stale');
    expect((refusal as Error).message).toContain(`ConfigMap/${changed.metadata.namespace}/${changed.metadata.name} (changed since the plan)`);
    expect(await db.deployRun.count({ where: { planId: plan.id } })).toBe(0);
  }, 180_000);

  it('prunes what the plan deletes, dependents first, and the inventory forgets it', async () => {
    const spec = await grantedEnvironment('prune');
    const objects = rendered(spec);
    await deployAndExecute(spec.name, await planOf(objects));
    const gone = objects.filter((o) => o.metadata.name === 'wallet-api' && ['Deployment', 'Service'].includes(o.kind));
    expect(gone).toHaveLength(2);
    const planned = (await planOf(objects)).map((entry) => (gone.includes(entry.object) ? { ...entry, action: 'delete' as const } : entry));
    const { run, events } = await deployAndExecute(spec.name, planned);
    expect(run.status).toBe('succeeded');
    expect(run.counts.pruned).toBe(2);
    const pruned = events.filter((event) => event.type === 'object.pruned').map((event) => event.payload.objectId);
    expect(pruned).toEqual([`Deployment/${spec.namespace}/wallet-api`, `Service/${spec.namespace}/wallet-api`]);
    // Gone, or going (foreground deletion waits for its dependents): never still there as it was.
    for (const object of gone) {
      const live = await gateway.get(ref(object));
      expect(live === null || live.metadata.deletionTimestamp !== undefined, `${object.kind}/${object.metadata.name} still live`).toBe(true);
    }
    const inventory = await db.inventoryItem.findMany({ where: { environment: { name: spec.name } }, select: { objectId: true } });
    expect(inventory.map((item) => item.objectId)).not.toContain(`Deployment/${spec.namespace}/wallet-api`);
  }, 180_000);

  it('keeps the other components in the inventory after a plan of some components, so a later plan can still prune them', async () => {
    const spec = await grantedEnvironment('partial');
    const objects = rendered(spec);
    await deployAndExecute(spec.name, await planOf(objects));
    const walletOnly = objects.filter((o) => componentOf(o) === 'wallet-api');
    expect(walletOnly.length).toBeGreaterThan(0);
    const { run } = await deployAndExecute(spec.name, await planOf(walletOnly));
    expect(run.status).toBe('succeeded');
    const inventory = await db.inventoryItem.findMany({ where: { environment: { name: spec.name } }, select: { objectId: true } });
    expect(inventory.map((item) => item.objectId).sort()).toEqual(objects.map(objectId).sort());
  }, 180_000);

  it('fails a rollout that cannot become healthy, naming the pods and the scheduler’s reason, never as succeeded', async () => {
    const spec = await grantedEnvironment('stuck');
    const objects = rendered(spec).map((object) => {
      if (object.kind !== 'Deployment' || object.metadata.name !== 'wallet-api') return object;
      const copy = structuredClone(object) as any;
      // No node has a label this selector needs: the pods stay Pending.
      copy.spec.template.spec.nodeSelector = { 'example.com/no-such-node': 'true' };
      return copy as PlainObject;
    });
    const quick: Deps = { ...deps, deploy: { ...deps.deploy, rolloutTimeoutSeconds: 8 } };
    const plan = await insertPlan(db, { environment: spec.name, requestedBy: operator.userId, objects: await planOf(objects) });
    const queued = await deployPlan(contextFor(quick, operator), plan.id);
    await executeDeployRun(quick, queued.id, 'test-worker');
    const run = (await deps.runs.getRun(queued.id))!;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^rollout not healthy before the timeout: wallet-api \(.*\): pod wallet-api-[a-z0-9-]+ Pending: 0\/\d+ nodes are available/);
    expect((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe('failed');
    // A first deploy routes at once (its new DestinationRules served no traffic before), so it
    // failed at the final rollout wait with everything applied. The inventory learns what the failed
    // run put on the cluster, so the plan after it (a rollback, a fix) can prune what it no longer renders.
    const applied = run.objects.filter((object) => object.status === 'applied' || object.status === 'unchanged').map((object) => object.objectId).sort();
    expect(applied).toHaveLength(objects.length);
    expect((await deps.plans.findInventory(spec.name)).map((item) => item.objectId).sort()).toEqual(applied);
  }, 180_000);
});
