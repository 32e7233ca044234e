// Drift at deploy time, on the testbed, through the product's own pipeline (createPlan → deployPlan
// → executeDeployRun) as the console's ServiceAccount: what busy clusters do all day (a pod
// replaced, an autoscaler's scale step) is no drift; a change to a field the console applies is,
// whether it happens before the deploy is requested (PlanStale) or while its run waits for a worker.
// The first two are the SRE review's probes (review8-sre, S1), which failed while drift was judged
// by the live object's resourceVersion.
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeHttp } from '@/lib/adapters/kubernetes/kube-http';
import type { Actor } from '@/lib/core/auth/roles';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { errorCode } from '@/lib/core/errors';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { createPlan } from '@/lib/server/plans/create-plan';
import { defaultDeploySettings } from '@/lib/server/deps';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { testbedCluster, testbedPem } from '@/lib/test-support/testbed-cluster';
import { adminKubeConfig, applyObjects, waitFor } from '@/scripts/stack/test-support';
import { deployPlan } from './deploy-plan';
import { executeDeployRun } from './execute-deploy-run';

const db = createTestDb();
const deps = { ...createTestDeps(db), deploy: { ...defaultDeploySettings, rolloutTimeoutSeconds: 90, rolloutPollMs: 500 } };
const cluster = unique('drift');
let grant: { revoke: () => Promise<void> } | undefined;
let admin: Actor, operator: Actor;
let spec: EnvironmentSpec;

const apps = () => adminKubeConfig().makeApiClient(AppsV1Api);
const outcomeOf = (planId: string) =>
  deployPlan(contextFor(deps, operator), planId).then(
    (run) => ({ deployed: run.id }),
    (error: Error) => ({ refused: `${errorCode(error)}: ${error.message}` }),
  );

async function execute(runId: string) {
  await executeDeployRun(deps, runId, 'drift-worker');
  return (await deps.runs.getRun(runId))!;
}

/** A PATCH as an admin's client sends it (the scale subresource, kubectl set image...). */
async function patchAsAdmin(path: string, body: object, contentType: string, fieldManager: string) {
  const http = new KubeHttp({ ...testbedCluster('testbed'), credential: { kind: 'client-certificate', certificate: testbedPem('admin.crt'), key: testbedPem('admin.key') } }, { timeoutMs: 10_000, connections: 1 });
  try {
    const answer = await http.send('PATCH', path, { query: { fieldManager }, body, contentType });
    expect(answer.status).toBe(200);
  } finally {
    await http.close();
  }
}

async function settled(name: string) {
  await waitFor(
    `${name} settled`,
    async () => {
      const d = await apps().readNamespacedDeployment({ name, namespace: spec.namespace });
      const want = d.spec?.replicas ?? 1;
      return (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && d.status?.readyReplicas === want && d.status?.updatedReplicas === want && (d.status?.replicas ?? 0) === want;
    },
    60_000,
  );
}

async function noChangePlan() {
  const plan = await createPlan(contextFor(deps, operator), spec.name);
  expect(plan.summary.changes).toBe(0);
  return plan;
}

beforeAll(async () => {
  await registerTestbedAs(deps, cluster);
  [admin, operator] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator')]);
  const name = unique('drift');
  spec = { ...starterSpec(name, 'development'), cluster };
  grant = await grantTestbedNamespaces(name, spec.namespace);
  await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'drift tests' });
  const first = await deployPlan(contextFor(deps, operator), (await createPlan(contextFor(deps, operator), name)).id);
  expect((await execute(first.id)).status).toBe('succeeded');
}, 240_000);
afterAll(async () => {
  await grant?.revoke().catch(() => undefined);
  await db.$disconnect();
}, 180_000);

describe('drift is what the apply would change, not the live object’s resourceVersion', () => {
  it('a plan with no changes still deploys after a pod of an unchanged Deployment was replaced (status-only change)', async () => {
    const plan = await noChangePlan();
    // A node drain, an eviction, an OOM kill: the ReplicaSet replaces the pod, the Deployment's
    // status (and so its resourceVersion) moves; its spec does not.
    const core = adminKubeConfig().makeApiClient(CoreV1Api);
    const pods = await core.listNamespacedPod({ namespace: spec.namespace, labelSelector: 'app.kubernetes.io/name=wallet-api' });
    const before = (await apps().readNamespacedDeployment({ name: 'wallet-api', namespace: spec.namespace })).metadata?.resourceVersion;
    await core.deleteNamespacedPod({ name: pods.items[0]!.metadata!.name!, namespace: spec.namespace, gracePeriodSeconds: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await settled('wallet-api');
    expect((await apps().readNamespacedDeployment({ name: 'wallet-api', namespace: spec.namespace })).metadata?.resourceVersion).not.toBe(before);
    const outcome = await outcomeOf(plan.id);
    expect(outcome).toEqual({ deployed: expect.any(String) });
    expect((await execute((outcome as { deployed: string }).deployed)).status).toBe('succeeded');
  }, 120_000);

  it('a plan made before the autoscaler scaled an autoscaled Deployment still deploys, and its run keeps the autoscaler’s count', async () => {
    const plan = await noChangePlan();
    // credential-worker is KEDA-scaled in development: its queue fills, KEDA's HPA scales it to 2.
    await patchAsAdmin(`/apis/apps/v1/namespaces/${spec.namespace}/deployments/credential-worker/scale`, { spec: { replicas: 2 } }, 'application/merge-patch+json', 'kube-controller-manager');
    await settled('credential-worker');
    const outcome = await outcomeOf(plan.id);
    expect(outcome).toEqual({ deployed: expect.any(String) });
    // The worker checks drift again before applying: the scale step is no drift there either.
    const run = await execute((outcome as { deployed: string }).deployed);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    expect((await apps().readNamespacedDeployment({ name: 'credential-worker', namespace: spec.namespace })).spec?.replicas).toBe(2);
  }, 120_000);

  it('a field the console applies, changed while the run waits for a worker, fails the run as plan stale before anything is applied', async () => {
    const plan = await noChangePlan();
    const outcome = await outcomeOf(plan.id);
    expect(outcome).toEqual({ deployed: expect.any(String) });
    await applyObjects(adminKubeConfig(), [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'wallet-api-config', namespace: spec.namespace }, data: { ENVIRONMENT: 'changed by hand' } } as never], 'someone-else');
    const run = await execute((outcome as { deployed: string }).deployed);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'failed', error: expect.stringContaining(`plan stale: the cluster changed since this plan was made: ConfigMap/${spec.namespace}/wallet-api-config (changed since the plan)`) });
    expect(run.counts.applied ?? 0).toBe(0);
  }, 120_000);

  it('an image changed after the plan is drift: the deploy answers PlanStale naming the Deployment and starts no run', async () => {
    // The ConfigMap is someone else's now: only an admin's forced plan passes its checks.
    const plan = await createPlan(contextFor(deps, admin), spec.name, { force: true });
    expect(plan.checksPassed).toBe(true);
    await patchAsAdmin(
      `/apis/apps/v1/namespaces/${spec.namespace}/deployments/wallet-api`,
      { spec: { template: { spec: { containers: [{ name: 'wallet-api', image: 'registry.personapass.io/personapass/wallet-api:9.9.9' }] } } } },
      'application/strategic-merge-patch+json',
      'kubectl-set',
    );
    const outcome = await outcomeOf(plan.id);
    expect(outcome).toEqual({ refused: expect.stringMatching(new RegExp(`^plan_stale: the cluster changed since this plan was made: Deployment/${spec.namespace}/wallet-api \\(changed since the plan\\); make a new plan$`)) });
    expect(await db.deployRun.count({ where: { planId: plan.id } })).toBe(0);
  }, 120_000);
});
