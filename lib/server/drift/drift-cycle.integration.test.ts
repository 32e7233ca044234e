// Drift made outside the console, found by the drift cycle on the testbed: an environment deployed
// through the product's own pipeline (createPlan → deployPlan → executeDeployRun), then changed
// by hand through the admin kubeconfig under other field managers, as `kubectl set image` and a
// `kubectl apply` of a ConfigMap would. One cycle (checkAllDrift, the schedule's job) shows it with
// the manager's name; KEDA scaling its Deployment does not; Reconcile plans the deployed revision.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppsV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import type { DomainEvent } from '@/lib/core/ports';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { createPlan } from '@/lib/server/plans/create-plan';
import { deployPlan } from '@/lib/server/runs/deploy-plan';
import { executeDeployRun } from '@/lib/server/runs/execute-deploy-run';
import { defaultDeploySettings, getDeps, type Deps } from '@/lib/server/deps';
import { consoleMetrics, registerDriftObjects } from '@/lib/server/telemetry/metrics';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { configureRouteEnv } from '@/lib/test-support/route-harness';
import { serveRoutes } from '@/lib/test-support/route-server';
import { contextFor, createActor, createTestDb, unique } from '@/lib/test-support/test-deps';
import * as driftRoute from '@/app/api/v1/environments/[name]/drift/route';
import * as reconcileRoute from '@/app/api/v1/environments/[name]/reconcile/route';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { adminKubeConfig, applyObjects } from '@/scripts/stack/test-support';
import { checkAllDrift } from './check-all-drift';
import { checkDriftNow } from './check-drift-now';
import { getDrift } from './get-drift';
import { reconcileDrift } from './reconcile-drift';

const db = createTestDb();
const published: DomainEvent[] = [];
// The routes the CLI calls use getDeps() (configureRouteEnv's credential keys): the test's deps are the same, with a listener.
let deps: Deps;
const cluster = unique('drift-cycle');
let grant: { revoke: () => Promise<void> } | undefined;
let admin: Actor, operator: Actor, viewer: Actor;
let spec: EnvironmentSpec;
let served: Awaited<ReturnType<typeof serveRoutes>>;
const tokens = { viewer: '', operator: '' };

/** `personapass …` as a user runs it, against the drift routes over HTTP. */
const cli = (who: keyof typeof tokens, ...args: string[]) =>
  promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', ...args], { env: { ...process.env, PERSONAPASS_URL: served.baseUrl, PERSONAPASS_TOKEN: tokens[who] } }).then(
    (result) => ({ ...result, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }),
  );

const apps = () => adminKubeConfig().makeApiClient(AppsV1Api);

async function deploy(planId: string, actor: Actor) {
  const run = await deployPlan(contextFor(deps, actor), planId);
  await executeDeployRun(deps, run.id, 'drift-cycle-worker');
  expect((await deps.runs.getRun(run.id))!.status).toBe('succeeded');
}

/** One cycle, as the schedule runs it; this environment's check out of it. */
async function cycle() {
  const checks = await checkAllDrift(deps);
  const mine = checks.find((check) => check.environment === spec.name);
  expect(mine).toBeDefined();
  return mine!;
}

async function driftGauge(): Promise<number | undefined> {
  registerDriftObjects(() => deps.drift.countDriftedObjects());
  const metric = await consoleMetrics().registry.getSingleMetric('console_environment_drift_objects')!.get();
  return metric.values.find((value) => value.labels.environment === spec.name)?.value;
}

beforeAll(async () => {
  configureRouteEnv();
  deps = { ...getDeps(), deploy: { ...defaultDeploySettings, rolloutTimeoutSeconds: 90, rolloutPollMs: 500 }, events: { publish: async (event: DomainEvent) => void published.push(event) } };
  await registerTestbedAs(deps, cluster);
  [admin, operator, viewer] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator'), createActor(deps, 'viewer')]);
  for (const [role, actor] of [['viewer', viewer], ['operator', operator]] as const) tokens[role] = (await createApiToken(contextFor(deps, actor), { name: `drift cli ${role}`, expiresInDays: 1, scope: 'read-write' })).secret;
  served = await serveRoutes([
    [/^\/api\/v1\/environments\/(?<name>[^/]+)\/drift$/, driftRoute],
    [/^\/api\/v1\/environments\/(?<name>[^/]+)\/reconcile$/, reconcileRoute],
  ]);
  const name = unique('drift-cycle');
  spec = { ...starterSpec(name, 'development'), cluster };
  grant = await grantTestbedNamespaces(name, spec.namespace);
  await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'drift cycle tests' });
  expect((await getDrift(contextFor(deps, viewer), name)).status).toBe('never-checked');
  await deploy((await createPlan(contextFor(deps, operator), name)).id, operator);
}, 240_000);
afterAll(async () => {
  await served?.close();
  await grant?.revoke().catch(() => undefined);
  await db.$disconnect();
}, 180_000);

describe('the drift cycle', () => {
  it('finds a freshly deployed environment in sync, and KEDA scaling its worker is no drift', async () => {
    expect(await cycle()).toMatchObject({ status: 'in-sync', objects: [], revision: 1, error: null });
    // credential-worker is KEDA-scaled in development: KEDA's operator scales it under its own field manager.
    await apps().patchNamespacedDeploymentScale({ name: 'credential-worker', namespace: spec.namespace, fieldManager: 'keda-operator', body: { spec: { replicas: 3 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect((await apps().readNamespacedDeployment({ name: 'credential-worker', namespace: spec.namespace })).spec?.replicas).toBe(3);
    expect(await cycle()).toMatchObject({ status: 'in-sync', objects: [] });
    expect(await driftGauge()).toBe(0);
    expect(published).toEqual([]);
  }, 120_000);

  it('shows an image set by hand and a ConfigMap value applied by another manager within one cycle, with who changed them', async () => {
    await apps().patchNamespacedDeployment(
      { name: 'wallet-api', namespace: spec.namespace, fieldManager: 'kubectl-set', body: { spec: { template: { spec: { containers: [{ name: 'wallet-api', image: 'registry.personapass.io/personapass/wallet-api:9.9.9' }] } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    await applyObjects(adminKubeConfig(), [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'wallet-api-config', namespace: spec.namespace }, data: { ENVIRONMENT: 'changed by hand' } } as never], 'ops-laptop');

    const check = await cycle();
    expect(check.status).toBe('drifted');
    expect(check.objects.map((object) => object.objectId).sort()).toEqual([`ConfigMap/${spec.namespace}/wallet-api-config`, `Deployment/${spec.namespace}/wallet-api`]);
    const deployment = check.objects.find((object) => object.kind === 'Deployment')!;
    expect(deployment.change).toBe('changed');
    expect(deployment.diff).toContain('wallet-api:9.9.9');
    expect(deployment.changedBy).toEqual([{ manager: 'kubectl-set', operation: 'Update', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), fields: ['spec.template.spec.containers[name=wallet-api].image'] }]);
    const configMap = check.objects.find((object) => object.kind === 'ConfigMap')!;
    expect(configMap.changedBy).toEqual([expect.objectContaining({ manager: 'ops-laptop', operation: 'Apply', fields: ['data.ENVIRONMENT'] })]);

    // The page and the API read the stored check; the metric counts it; listeners hear it once.
    expect(await getDrift(contextFor(deps, viewer), spec.name)).toMatchObject({ status: 'drifted', revision: 1, checkedAt: check.checkedAt.toISOString(), objects: check.objects });
    expect(await driftGauge()).toBe(2);
    expect(published).toEqual([expect.objectContaining({ type: 'drift.found', environment: spec.name, revision: 1, objects: expect.arrayContaining([expect.objectContaining({ objectId: `Deployment/${spec.namespace}/wallet-api`, changedBy: ['kubectl-set'] })]) })]);
    await cycle();
    expect(published).toHaveLength(1);

    // The command line reads the same stored check: exit code 2 for drift, each object with who changed it and the diff.
    const shown = await cli('viewer', 'drift', spec.name);
    expect({ code: shown.code, stderr: shown.stderr }).toEqual({ code: 2, stderr: '' });
    expect(shown.stdout).toContain(`${spec.name}: 2 object(s) drifted from revision 1, deployed last`);
    expect(shown.stdout).toMatch(new RegExp(`Deployment/${spec.namespace}/wallet-api changed by kubectl-set \\(Update \\S+\\): spec\\.template\\.spec\\.containers\\[name=wallet-api\\]\\.image`));
    expect(shown.stdout).toContain('wallet-api:9.9.9');
    expect(shown.stdout).toContain(`undo it: personapass reconcile ${spec.name}`);
    const refused = await cli('viewer', 'drift', spec.name, '--check');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('403 forbidden: checking drift now needs the operator or admin role');
  }, 180_000);

  it('checks now only for operators and admins', async () => {
    await expect(checkDriftNow(contextFor(deps, viewer), spec.name)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await checkDriftNow(contextFor(deps, operator), spec.name)).toMatchObject({ status: 'drifted', revision: 1 });
    const checked = await cli('operator', 'drift', spec.name, '--check');
    expect(checked.code).toBe(2);
    expect(checked.stdout).toContain('kubectl-set');
  }, 60_000);

  it('reconciles with a plan of the deployed revision through the normal policy, after which the cycle finds it in sync', async () => {
    // The hand changes took their fields: an operator's plan names them, an admin's forced plan takes them back.
    const planned = await cli('operator', 'reconcile', spec.name);
    expect(planned.code).toBe(2);
    expect(planned.stdout).toMatch(/^plan [0-9a-f-]{36}: .* back to revision 1, deployed last \(2 changes\)\nits checks failed/);
    const refused = await reconcileDrift(contextFor(deps, operator), spec.name, {});
    expect(refused).toMatchObject({ revision: 1, checksPassed: false, status: 'open' });
    expect(refused.checks.problems.map((problem) => `${problem.object} ${problem.check}`)).toEqual(expect.arrayContaining([`Deployment/${spec.namespace}/wallet-api field-conflict`]));
    await expect(reconcileDrift(contextFor(deps, viewer), spec.name, {})).rejects.toMatchObject({ code: 'forbidden' });
    const forced = await reconcileDrift(contextFor(deps, admin), spec.name, { force: true });
    expect(forced).toMatchObject({ revision: 1, checksPassed: true });
    expect(forced.summary.byAction.update).toBe(2);
    await deploy(forced.id, admin);
    expect(await cycle()).toMatchObject({ status: 'in-sync', objects: [] });
    expect(await driftGauge()).toBe(0);
  }, 240_000);
});
