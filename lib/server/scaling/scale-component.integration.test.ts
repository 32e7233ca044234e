// Scaling through the pipeline on the testbed: an operator's scale of dev deploys at once and the
// cluster follows; production's waits for approvals; refused bounds write nothing.
import { AppsV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { scaleRequestSchema } from '@/lib/core/environments/scale-component';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { updateEnvironment } from '@/lib/server/environments/update-environment';
import { defaultDeploySettings } from '@/lib/server/deps';
import { createPlan } from '@/lib/server/plans/create-plan';
import { deployPlan } from '@/lib/server/runs/deploy-plan';
import { executeDeployRun } from '@/lib/server/runs/execute-deploy-run';
import { contextFor, createActor, createTestDb, createTestDeps, ensureCluster, testCaBundle, unique } from '@/lib/test-support/test-deps';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { adminKubeConfig } from '@/scripts/stack/test-support';
import { findScaleState } from './find-scale-state';
import { scaleComponent } from './scale-component';

const db = createTestDb();
const deps = { ...createTestDeps(db), deploy: { ...defaultDeploySettings, rolloutTimeoutSeconds: 90, rolloutPollMs: 500 } };
const cluster = unique('scaling');
const grants: Array<{ revoke: () => Promise<void> }> = [];
let admin: Actor, operator: Actor, viewer: Actor;
/** The dev environment the first test deploys, which later tests scale further. */
let deployed: EnvironmentSpec;

async function environment(tier: 'development' | 'production'): Promise<EnvironmentSpec> {
  const name = unique(tier === 'production' ? 'scale-prod' : 'scale-dev');
  const spec = { ...starterSpec(name, tier), cluster };
  grants.push(await grantTestbedNamespaces(name, spec.namespace));
  await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'scaling test' });
  return spec;
}

const scale = (actor: Actor, environment: string, body: object) => scaleComponent(contextFor(deps, actor), environment, scaleRequestSchema.parse(body));
const revisions = async (environment: string) => (await deps.environments.findHead(environment))!.number;
const plans = (environment: string) => db.plan.count({ where: { environment: { name: environment } } });

beforeAll(async () => {
  await registerTestbedAs(deps, cluster);
  [admin, operator, viewer] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator'), createActor(deps, 'viewer')]);
}, 60_000);
afterAll(async () => {
  for (const grant of grants) await grant.revoke();
  await db.$disconnect();
}, 120_000);

describe('scaling a component', () => {
  it('deploys an operator\'s scale of dev at once, and the cluster follows', async () => {
    const spec = await environment('development');
    const first = await deployPlan(contextFor(deps, operator), (await createPlan(contextFor(deps, operator), spec.name)).id);
    await executeDeployRun(deps, first.id, 'test-worker');
    expect((await deps.runs.getRun(first.id))!.status).toBe('succeeded');

    const outcome = await scale(operator, spec.name, { component: 'wallet-api', replicas: 2, reason: 'load test' });
    expect(outcome.revision.changeNote).toBe('scale wallet-api: replicas 1 → 2 (load test)');
    expect(outcome.run).not.toBeNull();
    await executeDeployRun(deps, outcome.run!.id, 'test-worker');
    const run = (await deps.runs.getRun(outcome.run!.id))!;
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    const live = await adminKubeConfig().makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'wallet-api', namespace: spec.namespace });
    expect(live.spec?.replicas).toBe(2);
    // A later deploy keeps the scale: it is the head revision's.
    const again = await createPlan(contextFor(deps, operator), spec.name);
    expect(again.summary.changes).toBe(0);
    deployed = spec;
  }, 300_000);

  it('replicas KEDA owns are neither diff nor drift, and a later deploy keeps both the scale and the autoscaler\'s count', async () => {
    const { name, namespace } = deployed;
    const apps = adminKubeConfig().makeApiClient(AppsV1Api);
    const outcome = await scale(operator, name, { component: 'credential-worker', maxReplicas: 5 });
    // Only the ScaledObject changes: the worker's Deployment is rendered without spec.replicas.
    // The monitoring rules read maxReplicas (autoscaler at its maximum): planned with it, not left to a later deploy.
    expect(outcome.plan.flags.components).toEqual(['credential-worker', 'prometheus']);
    expect(outcome.plan.summary.byKind).toMatchObject({ ScaledObject: { update: 1 }, Deployment: { update: 0 } });
    await executeDeployRun(deps, outcome.run!.id, 'test-worker');
    expect((await deps.runs.getRun(outcome.run!.id))!.status).toBe('succeeded');
    const before = await createPlan(contextFor(deps, operator), name);
    const changed = (await deps.plans.findPlanObjects(before.id, { limit: 200 })).items.filter((o) => o.action !== 'unchanged');
    expect(changed.map((o) => `${o.objectId} ${o.component}\n${o.diff}`)).toEqual([]);

    // KEDA's operator scales the worker through the scale subresource, under its own field manager.
    await apps.patchNamespacedDeploymentScale(
      { name: 'credential-worker', namespace, fieldManager: 'keda-operator', body: { spec: { replicas: 4 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const after = await createPlan(contextFor(deps, operator), name);
    expect(after.summary.changes).toBe(0);
    // The plan made before the autoscaler acted is not stale: its drift check leaves spec.replicas to KEDA.
    const later = await deployPlan(contextFor(deps, operator), after.id);
    await executeDeployRun(deps, later.id, 'test-worker');
    expect((await deps.runs.getRun(later.id))!.status).toBe('succeeded');
    const worker = await apps.readNamespacedDeployment({ name: 'credential-worker', namespace });
    expect(worker.spec?.replicas).toBe(4);
    const scaledObject = (await adminKubeConfig().makeApiClient(CustomObjectsApi).getNamespacedCustomObject({ group: 'keda.sh', version: 'v1alpha1', namespace, plural: 'scaledobjects', name: 'credential-worker' })) as { spec: { maxReplicaCount: number } };
    expect(scaledObject.spec.maxReplicaCount).toBe(5);

    // The scale panel's view, from the shared watch caches: the head's bounds beside what runs.
    await expect.poll(async () => (await findScaleState(contextFor(deps, viewer), name, 'credential-worker')).live, { timeout: 15_000 }).toEqual({
      state: 'known',
      deployment: { desired: 4, current: 4, ready: expect.any(Number) },
      scaledObject: { min: 0, max: 5, active: null, paused: false },
    });
    const view = await findScaleState(contextFor(deps, viewer), name, 'credential-worker');
    expect(view).toMatchObject({ autoscaled: true, spec: { minReplicas: 0, maxReplicas: 5 }, zeroRefusal: null, canScale: { allowed: false } });
  }, 300_000);

  it('refuses a dev scale while the environment has an active run, saving no revision and no plan', async () => {
    const { name } = deployed;
    const first = await scale(operator, name, { component: 'wallet-api', replicas: 3 });
    expect(first.run).toMatchObject({ status: 'queued' });
    const [before, plansBefore] = await Promise.all([revisions(name), plans(name)]);
    const refused = await scale(operator, name, { component: 'wallet-api', replicas: 1 }).catch((error: unknown) => error);
    // Saving the revision first and meeting the run at the deploy left a revision behind (the old order).
    expect([await revisions(name), await plans(name)]).toEqual([before, plansBefore]);
    expect(refused).toMatchObject({ code: 'conflict', message: expect.stringContaining(`queued run (${first.run!.id})`) });
    await executeDeployRun(deps, first.run!.id, 'test-worker');
  }, 300_000);

  it('refuses a dev scale that would also deploy the head\'s changes not deployed yet, saving nothing', async () => {
    const { name } = deployed;
    const head = (await deps.environments.findHead(name))!;
    const spec = head.spec as EnvironmentSpec;
    const bumped = { ...spec, components: { ...spec.components, 'wallet-api': { ...spec.components['wallet-api'], image: { ...spec.components['wallet-api'].image, tag: 'v9.9.9-not-deployed' } } } };
    await updateEnvironment(contextFor(deps, operator), name, head.number, { spec: bumped, changeNote: 'image bump, not deployed' });
    const [before, plansBefore] = await Promise.all([revisions(name), plans(name)]);
    const refused = await scale(operator, name, { component: 'wallet-api', replicas: 2 }).catch((error: unknown) => error);
    // Planned from the head, the scale's plan carried the new image too and deployed it at once as "scale".
    expect(refused).toMatchObject({ code: 'conflict', message: expect.stringContaining('the scale would deploy them too') });
    expect(refused).toMatchObject({ details: { undeployed: [expect.stringMatching(/^wallet-api \(revision \d+ runs\)$/)] } });
    expect([await revisions(name), await plans(name)]).toEqual([before, plansBefore]);
  }, 300_000);

  it('the run store names the newest run of any status whose plan covered a component, in one query', async () => {
    const { name } = deployed;
    // What the query must agree with: every run of the environment, newest first, and its plan's components.
    const all = (await deps.runs.findRuns(name, { limit: 200 })).items;
    const covering = async (component: string) => {
      for (const run of all) {
        const components = (await deps.plans.findPlan(run.planId))!.flags.components;
        if (!components || components.includes(component)) return run.id;
      }
      return null;
    };
    // The scales planned one component each, the first deploy the whole environment.
    for (const component of ['wallet-api', 'credential-worker', 'identity-service']) {
      expect((await deps.runs.findLastRunCovering(name, component))?.id ?? null).toBe(await covering(component));
    }
    expect(await deps.runs.findLastRunCovering(unique('no-such-environment'), 'wallet-api')).toBeNull();
  }, 60_000);

  it('asks for approval in production instead of deploying', async () => {
    const spec = await environment('production');
    const outcome = await scale(operator, spec.name, { component: 'wallet-api', minReplicas: 4 });
    expect(outcome.run).toBeNull();
    expect(outcome.plan).toMatchObject({ status: 'open', approvalsRequired: 2, revision: outcome.revision.number });
    expect(outcome.revision.changeNote).toBe('scale wallet-api: min 3 → 4');
    await expect(deployPlan(contextFor(deps, operator), outcome.plan.id)).rejects.toMatchObject({ code: 'conflict' });
  }, 180_000);

  it('reads the scale of an environment whose cluster cannot be reached as unreachable, never as current', async () => {
    const closed = unique('scaling-closed');
    await ensureCluster(deps, closed, { name: closed, apiServerUrl: 'https://127.0.0.1:1', caBundle: testCaBundle, credential: { kind: 'token', token: 'x'.repeat(20) } });
    const name = unique('scale-closed');
    await createEnvironment(contextFor(deps, admin), { spec: { ...starterSpec(name, 'development'), cluster: closed }, changeNote: 'unreachable' });
    const view = await findScaleState(contextFor(deps, viewer), name, 'wallet-api');
    expect(view.live).toMatchObject({ state: 'unreachable', since: expect.any(String), error: expect.stringContaining('unreachable') });
    expect(view.decisions).toEqual([]);
    await expect(scale(operator, name, { component: 'wallet-api', replicas: 2 })).rejects.toMatchObject({ code: 'unavailable' });
    expect(await revisions(name)).toBe(1);
  }, 60_000);

  it('refuses bad bounds writing nothing, and refuses viewers', async () => {
    const spec = await environment('production');
    const [before, plansBefore] = await Promise.all([revisions(spec.name), plans(spec.name)]);
    await expect(scale(operator, spec.name, { component: 'wallet-api', minReplicas: 5, maxReplicas: 4 })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'minReplicas', message: 'minReplicas (5) must not exceed maxReplicas (4)' }],
    });
    await expect(scale(operator, spec.name, { component: 'wallet-api', scaleToZero: true })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(scale(viewer, spec.name, { component: 'wallet-api', maxReplicas: 4 })).rejects.toMatchObject({ code: 'forbidden' });
    expect([await revisions(spec.name), await plans(spec.name)]).toEqual([before, plansBefore]);
  }, 60_000);
});
