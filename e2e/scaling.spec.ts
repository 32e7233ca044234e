import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { AppsV1Api } from '@kubernetes/client-node';
import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import { parseEnv } from '@/lib/env';
import { createDeps, type Deps } from '@/lib/server/deps';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { adminKubeConfig } from '@/scripts/stack/test-support';
import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';
import { consoleEnv, e2eBaseUrl, e2eDatabaseUrl, repoDir } from './support/run-settings';

// Scaling in the browser against the real testbed, with a deploy worker beside the console: an
// operator scales wallet-api in dev from the environment page's Scale action and the testbed's
// Deployment follows (read with the admin kubeconfig); in production the same form asks for
// approval: the plan waits, and nothing changes on the cluster.

let db: Db;
let deps: Deps;
let cluster: string;
let worker: ChildProcess;
const cleanups: Array<() => Promise<void>> = [];
const fromConsole = { Origin: e2eBaseUrl };

test.beforeAll(async () => {
  const settings = parseEnv(consoleEnv());
  db = createPrismaClient(e2eDatabaseUrl());
  deps = createDeps({ db, keys: settings.CREDENTIAL_KEYS, activeKeyId: settings.CREDENTIAL_ACTIVE_KEY_ID });
  cluster = `e2e-scaling-${Date.now().toString(36)}`;
  await registerTestbedAs(deps, cluster);
  worker = spawn(path.join(repoDir, 'node_modules/.bin/node'), ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: repoDir,
    env: { ...process.env, ...consoleEnv(), PERSONAPASS_WORKER_NAME: 'e2e-scaling-worker' },
    stdio: 'ignore',
  });
});
test.afterAll(async () => {
  worker?.kill('SIGTERM');
  for (const cleanup of cleanups) await cleanup();
  await db?.$disconnect();
});

async function environmentOnTestbed(request: Parameters<typeof createEnvironment>[0], tier: 'development' | 'production'): Promise<{ name: string; namespace: string }> {
  const name = uniqueEnvironmentName(tier === 'production' ? 'scp' : 'scd');
  const namespace = `personapass-${name}`;
  cleanups.push((await grantTestbedNamespaces(name, namespace)).revoke);
  await createEnvironment(request, developmentSpec(name, (spec) => (spec.cluster = cluster), tier));
  return { name, namespace };
}

const liveDeployment = (namespace: string) =>
  adminKubeConfig()
    .makeApiClient(AppsV1Api)
    .readNamespacedDeployment({ name: 'wallet-api', namespace })
    .then(
      (deployment) => deployment.spec?.replicas ?? null,
      () => 'absent' as const,
    );

test.describe('scaling', () => {
  test('an operator scales wallet-api in dev and the testbed follows', async ({ pageAs }) => {
    test.setTimeout(300_000);
    const admin = await pageAs('admin');
    const { name, namespace } = await environmentOnTestbed(admin.request, 'development');
    const operator = await pageAs('operator');
    // Deployed once first (through the API, as the CLI would), so there is a running wallet-api to scale.
    const plan = await operator.request.post(`/api/v1/environments/${name}/plans`, { data: {}, headers: fromConsole });
    expect(plan.status(), await plan.text()).toBe(201);
    const run = await operator.request.post(`/api/v1/plans/${(await plan.json()).id}/runs`, { data: {}, headers: fromConsole });
    expect(run.status(), await run.text()).toBe(202);
    const runId = (await run.json()).id;
    await expect.poll(async () => (await (await operator.request.get(`/api/v1/runs/${runId}`)).json()).status, { timeout: 180_000 }).toBe('succeeded');
    expect(await liveDeployment(namespace)).toBe(1);

    await operator.goto(`/environments/${name}`);
    await operator.getByRole('link', { name: 'Scale wallet-api' }).click();
    await expect(operator).toHaveURL(`/environments/${name}/components/wallet-api/scale`);
    await expect(operator.getByTestId('scale-current')).toHaveText('1 (1 ready)', { timeout: 15_000 });
    await expect(operator.getByTestId('scale-desired')).toHaveText('1');
    // Checked as typed: a bad value is answered inline and nothing is sent.
    const replicas = operator.getByLabel('Replicas', { exact: true });
    await replicas.fill('1000');
    await operator.getByRole('button', { name: 'Scale now' }).click();
    await expect(operator.getByText('Replicas is at most 100')).toBeVisible();
    await expect(replicas).toHaveAttribute('aria-invalid', 'true');
    await replicas.fill('2');
    await operator.getByLabel('Reason (optional)').fill('e2e load test');
    await operator.getByRole('button', { name: 'Scale now' }).click();
    const outcome = operator.getByRole('status').filter({ hasText: 'Deploying: revision 2' });
    // Planning against the cluster takes a few seconds on a busy testbed.
    await expect(outcome).toContainText('scale wallet-api: replicas 1 → 2 (e2e load test)', { timeout: 60_000 });
    await operator.screenshot({ path: test.info().outputPath('scale-dev.png'), fullPage: true });
    await expect.poll(() => liveDeployment(namespace), { timeout: 120_000 }).toBe(2);
    // The panel follows the cluster from the shared watch.
    await expect(operator.getByTestId('scale-current')).toHaveText('2 (2 ready)', { timeout: 60_000 });
    await expect(operator.getByTestId('scale-desired')).toHaveText('2');
    await outcome.getByRole('link', { name: 'Follow the deploy run' }).click();
    await expect(operator.getByTestId('run-status')).toHaveText('succeeded', { timeout: 120_000 });
  });

  test('scaling production asks for approval: the plan waits and the cluster is untouched', async ({ pageAs }) => {
    test.setTimeout(180_000);
    const admin = await pageAs('admin');
    const { name, namespace } = await environmentOnTestbed(admin.request, 'production');
    const operator = await pageAs('operator');
    await operator.goto(`/environments/${name}/components/wallet-api/scale`);
    await expect(operator.getByText(`${name} is protected: a scale waits for 2 approvals before it deploys`)).toBeVisible();
    await expect(operator.getByTestId('scale-min')).toHaveText('3');
    // Production never scales to zero: the toggle is off and says why.
    await expect(operator.getByLabel('Scale to zero when idle')).toBeDisabled();
    await expect(operator.getByText('production components are critical and never scale to zero')).toBeVisible();
    await operator.getByLabel('Minimum replicas').fill('4');
    await operator.getByRole('button', { name: 'Scale (asks for approval)' }).click();
    const outcome = operator.getByRole('status').filter({ hasText: 'Awaiting approval: revision 2' });
    await expect(outcome).toContainText('needs 2 approvals before it deploys; nothing changed on the cluster yet', { timeout: 60_000 });
    await operator.screenshot({ path: test.info().outputPath('scale-prod.png'), fullPage: true });
    await outcome.getByRole('link', { name: 'Open the plan' }).click();
    await expect(operator).toHaveURL(new RegExp(`/environments/${name}/plans/[0-9a-f-]{36}$`));
    await expect(operator.getByTestId('plan-approvals')).toHaveText('0 of 2 approvals');
    await expect(operator.getByTestId('plan-actions').getByRole('button', { name: 'Deploy' })).toBeDisabled();
    // Nothing was applied: the namespace has no wallet-api, and no run exists.
    expect(await liveDeployment(namespace)).toBe('absent');
    expect(await db.deployRun.count({ where: { environment: { name } } })).toBe(0);
  });
});
