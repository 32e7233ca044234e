// Deploy runs on the testbed through the whole pipeline as the product runs it (createPlan →
// deployPlan → executeDeployRun, as the console's ServiceAccount): an admin's forced plan is applied
// with force and says so; a Deployment handed to an autoscaler keeps its replicas (the documented
// server-side apply handover) and starts at the autoscaler's floor when created; the objects a failed
// run created are pruned by the rollback that follows; a paused Deployment fails the run at once;
// a canary gets its traffic only once its pods serve, and loses it before its subset goes.
import { AppsV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import { handoverFieldManager } from '@/lib/core/deploy/replica-handover';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { updateEnvironment } from '@/lib/server/environments/update-environment';
import { createPlan } from '@/lib/server/plans/create-plan';
import { defaultDeploySettings } from '@/lib/server/deps';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { adminKubeConfig, applyObjects } from '@/scripts/stack/test-support';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { deployPlan } from './deploy-plan';
import { executeDeployRun } from './execute-deploy-run';
import { rollbackEnvironment } from './rollback-environment';

const db = createTestDb();
const deps = { ...createTestDeps(db), deploy: { ...defaultDeploySettings, rolloutTimeoutSeconds: 90, rolloutPollMs: 500 } };
const cluster = unique('runs');
const grants: Array<{ revoke: () => Promise<void> }> = [];
let admin: Actor, operator: Actor;

async function environment(change: (spec: EnvironmentSpec) => void = () => undefined): Promise<EnvironmentSpec> {
  const name = unique('rc');
  const spec = { ...starterSpec(name, 'development'), cluster };
  change(spec);
  grants.push(await grantTestbedNamespaces(name, spec.namespace));
  await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'deploy run on the testbed' });
  return spec;
}

async function revise(name: string, change: (spec: EnvironmentSpec) => void): Promise<void> {
  const head = (await deps.environments.findHead(name))!;
  const next = structuredClone(head.spec);
  change(next);
  await updateEnvironment(contextFor(deps, admin), name, head.number, { spec: next, changeNote: 'deploy run on the testbed' });
}

async function deploy(planId: string, settings = deps) {
  const queued = await deployPlan(contextFor(settings, operator), planId);
  await executeDeployRun(settings, queued.id, 'testbed-worker');
  return { run: (await deps.runs.getRun(queued.id))!, events: await deps.runs.findEvents(queued.id, null, 2000) };
}

const apps = () => adminKubeConfig().makeApiClient(AppsV1Api);
const liveDeployment = (namespace: string, name: string) => apps().readNamespacedDeployment({ name, namespace });
const istio = (kind: 'virtualservices' | 'destinationrules', namespace: string, name: string) =>
  adminKubeConfig().makeApiClient(CustomObjectsApi).getNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1', plural: kind, namespace, name }) as Promise<PlainObject>;
const subsetsOf = (rule: PlainObject) => ((rule.spec as { subsets: Array<{ name: string }> }).subsets ?? []).map((subset) => subset.name);
const routedSubsets = (service: PlainObject) => (service.spec as { http: Array<{ route: Array<{ destination: { subset: string } }> }> }).http.flatMap((route) => route.route.map((r) => r.destination.subset));
const withCanary = (s: EnvironmentSpec) => {
  s.components['wallet-api'].canary = { image: { ...s.components['wallet-api'].image, tag: '9.9.9' }, replicas: 1, weightPercent: 20 };
};
const appliedEvent = (events: Awaited<ReturnType<typeof deploy>>['events'], objectId: string) => events.find((event) => event.type === 'object.applied' && event.payload.objectId === objectId);

beforeAll(async () => {
  await registerTestbedAs(deps, cluster);
  [admin, operator] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator')]);
}, 60_000);
afterAll(async () => {
  for (const grant of grants) await grant.revoke().catch(() => undefined);
  await db.$disconnect();
}, 180_000);

describe('a forced plan', () => {
  it('is applied with force, taking the fields its checks warned about, and each forced object is in its event and the audit', async () => {
    const spec = await environment();
    expect((await deploy((await createPlan(contextFor(deps, operator), spec.name)).id)).run.status).toBe('succeeded');
    // Someone edits a field the console owns (kubectl apply --server-side --force-conflicts).
    await applyObjects(adminKubeConfig(), [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'wallet-api-config', namespace: spec.namespace }, data: { ENVIRONMENT: 'changed by hand' } } as never], 'kubectl');
    const refused = await createPlan(contextFor(deps, operator), spec.name);
    expect(refused.checks.problems.map((problem) => problem.check)).toEqual(['field-conflict']);
    const forced = await createPlan(contextFor(deps, admin), spec.name, { force: true });
    expect({ checksPassed: forced.checksPassed, force: forced.flags.force }).toEqual({ checksPassed: true, force: true });

    const { run, events } = await deploy(forced.id);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    const objectId = `ConfigMap/${spec.namespace}/wallet-api-config`;
    expect(appliedEvent(events, objectId)?.payload.forced).toEqual([expect.stringMatching(/^data\.ENVIRONMENT: owned by field manager kubectl/)]);
    // Only what the plan warned about is forced.
    expect(events.filter((event) => event.type === 'object.applied' && event.payload.forced)).toHaveLength(1);
    const live = await adminKubeConfig().makeApiClient((await import('@kubernetes/client-node')).CoreV1Api).readNamespacedConfigMap({ name: 'wallet-api-config', namespace: spec.namespace });
    expect(live.data?.ENVIRONMENT).toBe(spec.name);
    const audit = await db.auditEvent.findFirst({ where: { action: 'run.succeeded', targetName: spec.name }, orderBy: { createdAt: 'desc' } });
    expect(audit?.summary).toContain(`applied with force, taking fields other managers owned: ${objectId} (data.ENVIRONMENT: owned by field manager kubectl`);
  }, 240_000);
});

describe('handing spec.replicas to an autoscaler', () => {
  it('switching a component from fixed replicas to autoscaling keeps the running replicas', async () => {
    const spec = await environment((s) => {
      s.components['identity-service'].replicas = 3;
      s.components['identity-service'].autoscaling.enabled = false;
    });
    expect((await deploy((await createPlan(contextFor(deps, operator), spec.name)).id)).run.status).toBe('succeeded');
    expect((await liveDeployment(spec.namespace, 'identity-service')).spec?.replicas).toBe(3);

    await revise(spec.name, (s) => {
      s.components['identity-service'].autoscaling = { ...s.components['identity-service'].autoscaling, enabled: true, minReplicas: 3, maxReplicas: 6 };
    });
    const plan = await createPlan(contextFor(deps, operator), spec.name);
    // The plan says so before anyone approves: the count it keeps, not the dry-run's default of 1.
    const planned = (await deps.plans.findPlanObjects(plan.id, { limit: 500 })).items.find((o) => o.objectId === `Deployment/${spec.namespace}/identity-service`)!;
    expect(planned.action).toBe('update');
    expect(planned.diff).not.toMatch(/^\+\s+replicas: 1$/m);
    expect(plan.checks.warnings).toContainEqual(expect.objectContaining({ object: planned.objectId, check: 'replica-handover', message: expect.stringContaining('hands over spec.replicas at the running 3') }));
    const { run, events } = await deploy(plan.id);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    // KEDA's HPA acts only after the ScaledObject (a later wave) is reconciled: until then the
    // Deployment runs what the apply left it, and that must not be the default of 1.
    const live = await liveDeployment(spec.namespace, 'identity-service');
    expect(live.spec?.replicas).toBe(3);
    const owners = (live.metadata?.managedFields ?? []).filter((entry) => (entry.fieldsV1 as { 'f:spec'?: Record<string, unknown> })?.['f:spec']?.['f:replicas']).map((entry) => entry.manager);
    expect(owners).toEqual([handoverFieldManager]);
    expect(appliedEvent(events, `Deployment/${spec.namespace}/identity-service`)?.payload.replicasHandover).toMatchObject({ replicas: 3, fieldManager: handoverFieldManager, reason: expect.stringContaining('hands over spec.replicas at the running 3') });

    // A later deploy changes nothing about it: the handover manager keeps the count until the autoscaler writes its own.
    const again = await deploy((await createPlan(contextFor(deps, operator), spec.name)).id);
    expect(again.run.status).toBe('succeeded');
    expect((await liveDeployment(spec.namespace, 'identity-service')).spec?.replicas).toBe(3);
  }, 300_000);

  it('an autoscaled Deployment created by a deploy starts at its autoscaler’s floor, and its rollout is verified there', async () => {
    const spec = await environment((s) => {
      s.components['wallet-api'].autoscaling = { ...s.components['wallet-api'].autoscaling, enabled: true, minReplicas: 2, maxReplicas: 4 };
    });
    const plan = await createPlan(contextFor(deps, operator), spec.name);
    const planned = (await deps.plans.findPlanObjects(plan.id, { limit: 500 })).items.find((o) => o.objectId === `Deployment/${spec.namespace}/wallet-api`)!;
    expect(planned.diff).toMatch(/^\+\s+replicas: 2$/m);
    const { run, events } = await deploy(plan.id);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    expect((await liveDeployment(spec.namespace, 'wallet-api')).spec?.replicas).toBe(2);
    expect(appliedEvent(events, `Deployment/${spec.namespace}/wallet-api`)?.payload.replicasHandover).toMatchObject({ replicas: 2, reason: expect.stringContaining('created without spec.replicas') });
    const rollout = events.filter((event) => event.type === 'rollout.progress' && event.payload.workload === 'wallet-api').at(-1);
    expect(rollout?.payload).toMatchObject({ complete: true, wanted: 2, ready: 2 });
  }, 240_000);
});

describe('the inventory after a failed run', () => {
  it('objects a failed run created are pruned by the rollback that follows', async () => {
    const spec = await environment((s) => {
      s.components['credential-worker'].enabled = false;
    });
    expect((await deploy((await createPlan(contextFor(deps, operator), spec.name)).id)).run.status).toBe('succeeded');
    // Revision 2 adds the credential worker, whose pods cannot be scheduled (no node has 2Ti free).
    await revise(spec.name, (s) => {
      s.components['credential-worker'].enabled = true;
      s.components['credential-worker'].resources = { requests: { cpu: '250m', memory: '2Ti' }, limits: { cpu: '1', memory: '2Ti' } };
    });
    const failing = await createPlan(contextFor(deps, operator), spec.name);
    expect(failing.checks.problems).toEqual([]);
    const { run } = await deploy(failing.id, { ...deps, deploy: { ...deps.deploy, rolloutTimeoutSeconds: 8 } });
    expect(run.status).toBe('failed');
    expect((await liveDeployment(spec.namespace, 'credential-worker')).spec).toBeDefined();

    // What everyone does after a failed deploy: roll back to the last good revision.
    const rollback = await rollbackEnvironment(contextFor(deps, operator), spec.name, { revision: 1 });
    const deletions = (await deps.plans.findPlanObjects(rollback.id, { limit: 500 })).items.filter((object) => object.action === 'delete').map((object) => object.objectId);
    expect(deletions).toContain(`Deployment/${spec.namespace}/credential-worker`);
    expect(deletions).toContain(`ScaledObject/${spec.namespace}/credential-worker`);
  }, 300_000);
});

describe('a paused Deployment', () => {
  it('fails the run at once, saying it is paused, instead of waiting out the rollout timeout', async () => {
    const spec = await environment();
    expect((await deploy((await createPlan(contextFor(deps, operator), spec.name)).id)).run.status).toBe('succeeded');
    // Someone paused the rollout of wallet-api (kubectl rollout pause).
    await apps().patchNamespacedDeployment({ name: 'wallet-api', namespace: spec.namespace, body: [{ op: 'add', path: '/spec/paused', value: true }] });
    await revise(spec.name, (s) => {
      s.components['wallet-api'].image.tag = '2.3.1';
    });
    const started = Date.now();
    const { run } = await deploy((await createPlan(contextFor(deps, operator), spec.name)).id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^rollout paused: wallet-api \(.*paused: spec\.paused is true, resume it \(kubectl rollout resume\) and deploy again\)/);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 240_000);
});

describe('a canary', () => {
  it('that never becomes ready fails the run before any route or subset sends it traffic', async () => {
    const spec = await environment();
    expect((await deploy((await createPlan(contextFor(deps, operator), spec.name)).id)).run.status).toBe('succeeded');
    // The namespace may run no more pods than it does now: the canary's pods are refused (a real
    // cluster: an image that never pulls, a crash loop, no room on the nodes).
    const running = (await adminKubeConfig().makeApiClient((await import('@kubernetes/client-node')).CoreV1Api).listNamespacedPod({ namespace: spec.namespace })).items.length;
    await applyObjects(adminKubeConfig(), [{ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'no-more-pods', namespace: spec.namespace }, spec: { hard: { pods: String(running) } } } as never], 'kubectl');
    await revise(spec.name, withCanary);
    const { run, events } = await deploy((await createPlan(contextFor(deps, operator), spec.name)).id, { ...deps, deploy: { ...deps.deploy, rolloutTimeoutSeconds: 8 } });
    expect(run.status).toBe('failed');
    expect(run.error).toContain('wallet-api-canary');
    // It waits for every Deployment a subset selects (the stable ones serve already); the canary never does.
    expect(events.find((event) => event.type === 'step' && event.payload.step === 'rollout-before-routes')?.payload.workloads).toContain('wallet-api-canary');
    expect(events.filter((event) => event.type === 'wave.started').map((event) => event.payload.wave)).not.toContain('routes');
    // Nothing routes to it: the live routes and subsets are the stable ones alone.
    expect(subsetsOf(await istio('destinationrules', spec.namespace, 'wallet-api'))).toEqual(['stable']);
    expect(new Set(routedSubsets(await istio('virtualservices', spec.namespace, 'wallet-api')))).toEqual(new Set(['stable']));
  }, 240_000);

  it('gets its subset, then its routes, once it serves; removed, loses its routes before its subset', async () => {
    const spec = await environment();
    expect((await deploy((await createPlan(contextFor(deps, operator), spec.name)).id)).run.status).toBe('succeeded');
    await revise(spec.name, withCanary);
    const added = await createPlan(contextFor(deps, operator), spec.name);
    const { run, events } = await deploy(added.id);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    const at = (predicate: (event: (typeof events)[number]) => boolean) => events.findIndex(predicate);
    const canaryReady = at((event) => event.type === 'rollout.progress' && event.payload.workload === 'wallet-api-canary' && event.payload.complete === true);
    expect(canaryReady).toBeGreaterThan(at((event) => event.type === 'step' && event.payload.step === 'rollout-before-routes'));
    expect(canaryReady).toBeLessThan(at((event) => event.type === 'wave.started' && event.payload.wave === 'destinations'));
    expect(at((event) => event.type === 'wave.finished' && event.payload.wave === 'destinations')).toBeLessThan(at((event) => event.type === 'wave.started' && event.payload.wave === 'routes'));
    expect(subsetsOf(await istio('destinationrules', spec.namespace, 'wallet-api'))).toEqual(['stable', 'canary']);

    await revise(spec.name, (s) => {
      delete s.components['wallet-api'].canary;
    });
    const removed = await createPlan(contextFor(deps, operator), spec.name);
    const planned = (await deps.plans.findPlanObjects(removed.id, { limit: 500 })).items;
    const waveOfObject = (objectId: string) => planned.find((object) => object.objectId === objectId)?.wave;
    expect(waveOfObject(`DestinationRule/${spec.namespace}/wallet-api`)).toBe('retired-subsets');
    expect(waveOfObject(`VirtualService/${spec.namespace}/wallet-api`)).toBe('routes');
    const dropped = await deploy(removed.id);
    expect({ status: dropped.run.status, error: dropped.run.error }).toEqual({ status: 'succeeded', error: null });
    const marks = dropped.events.filter((event) => event.type.startsWith('wave.')).map((event) => `${event.type.slice(5)} ${event.payload.wave}`);
    expect(marks.indexOf('finished routes')).toBeLessThan(marks.indexOf('started retired-subsets'));
    // Only routes and subsets changed: no rollout to wait for before them.
    // Routes move back to the stable tracks, which the gate checks; never to the canary being removed.
    const gate = dropped.events.find((event) => event.type === 'step' && event.payload.step === 'rollout-before-routes');
    expect(gate?.payload.workloads).toContain('wallet-api');
    expect(gate?.payload.workloads).not.toContain('wallet-api-canary');
    expect(subsetsOf(await istio('destinationrules', spec.namespace, 'wallet-api'))).toEqual(['stable']);
  }, 300_000);
});
