import { CoreV1Api } from '@kubernetes/client-node';
import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import { parseEnv } from '@/lib/env';
import { createDeps, type Deps } from '@/lib/server/deps';
import { ensureCluster, testCaBundle } from '@/lib/test-support/fixture-cluster';
import { carryOutPlan, grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { adminKubeConfig } from '@/scripts/stack/test-support';
import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';
import { consoleEnv, e2eBaseUrl, e2eDatabaseUrl } from './support/run-settings';

// A component's page follows the cluster live: a dev environment deployed to the testbed, its
// wallet-api page open, a pod deleted with the admin kubeconfig, and the pod list on the page
// changes within 2 s of the delete call, fed by the server's shared watch through the page's one
// live stream (the page never polls). The environment page links the component with its verdict.

let db: Db;
let deps: Deps;
let cluster: string;
const cleanups: Array<() => Promise<void>> = [];

test.beforeAll(async () => {
  const settings = parseEnv(consoleEnv());
  db = createPrismaClient(e2eDatabaseUrl());
  deps = createDeps({ db, keys: settings.CREDENTIAL_KEYS, activeKeyId: settings.CREDENTIAL_ACTIVE_KEY_ID });
  cluster = `e2e-live-${Date.now().toString(36)}`;
  await registerTestbedAs(deps, cluster);
});
test.afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  await db?.$disconnect();
});

const podNames = (page: import('@playwright/test').Page) => page.getByTestId('pod-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-pod') ?? '').sort());

test('deleting a pod shows on the open component page within 2 seconds', async ({ pageAs }) => {
  test.setTimeout(180_000);
  const admin = await pageAs('admin');
  const name = uniqueEnvironmentName('live');
  const namespace = `personapass-${name}`;
  cleanups.push((await grantTestbedNamespaces(name, namespace)).revoke);
  await createEnvironment(admin.request, developmentSpec(name, (spec) => (spec.cluster = cluster)));
  // Planned through the API, applied as a deploy run applies it (the deploy flow itself is deploys.spec.ts's).
  const planned = await admin.request.post(`/api/v1/environments/${name}/plans`, { headers: { Origin: e2eBaseUrl } });
  expect(planned.status(), await planned.text()).toBe(201);
  await carryOutPlan(deps, db, ((await planned.json()) as { id: string }).id);

  const viewer = await pageAs('viewer');
  await viewer.goto(`/environments/${name}`);
  const link = viewer.getByRole('link', { name: 'wallet-api', exact: true });
  await expect(link).toBeVisible();
  await expect(viewer.locator('[data-component-health="wallet-api"]').getByTestId('health-status')).toHaveText(/Healthy|Progressing/, { timeout: 60_000 });
  await link.click();
  await expect(viewer).toHaveURL(new RegExp(`/environments/${name}/components/wallet-api$`));

  // The verdict, and the running pod with its node and zone, once the live stream is open.
  await expect(viewer.getByTestId('health-status')).toHaveText('Healthy', { timeout: 60_000 });
  await expect(viewer.getByTestId('health-reasons')).toContainText('running and ready');
  await expect(viewer.getByTestId('live-connection')).toHaveText(/^Live/);
  await expect(viewer.getByTestId('pod-row').filter({ hasText: 'Running' })).toHaveCount(1);
  await expect(viewer.getByTestId('pod-row').first()).toContainText(/zone-[abc]/);
  const before = await podNames(viewer);
  await viewer.screenshot({ path: test.info().outputPath('component-page.png'), fullPage: true });

  const started = Date.now();
  await adminKubeConfig().makeApiClient(CoreV1Api).deleteNamespacedPod({ name: before[0]!, namespace, gracePeriodSeconds: 0 });
  await viewer.waitForFunction(
    (previous) => [...document.querySelectorAll('[data-testid="pod-row"]')].map((row) => row.getAttribute('data-pod') ?? '').sort().join(',') !== previous,
    before.join(','),
    { polling: 'raf', timeout: 10_000 },
  );
  const elapsed = Date.now() - started;
  const after = await podNames(viewer);
  console.log(`pod list changed ${elapsed} ms after the delete call: ${before.join(',')} → ${after.join(',')}`);
  expect(after).not.toEqual(before);
  expect(elapsed).toBeLessThanOrEqual(2_000);
  await expect(viewer.getByTestId('health-status')).toBeVisible();
  // The replacement runs, and the verdict says so.
  await expect(viewer.getByTestId('pod-row').filter({ hasNotText: before[0]! }).filter({ hasText: 'Running' })).toHaveCount(1, { timeout: 30_000 });
  await expect(viewer.getByTestId('health-status')).toHaveText(/Healthy|Progressing/);
  await expect(viewer.getByTestId('events')).toContainText(/Pod\//);
});

test('a cluster the console cannot reach shows "unreachable since" and Unknown, never a stale green', async ({ pageAs }) => {
  const gone = `e2e-gone-${Date.now().toString(36)}`;
  // Registered, then gone: nothing listens at its address.
  await ensureCluster(deps, gone, { name: gone, apiServerUrl: 'https://127.0.0.1:1', caBundle: testCaBundle, credential: { kind: 'token', token: 'gone-cluster-token' } });
  const admin = await pageAs('admin');
  const name = uniqueEnvironmentName('gone');
  await createEnvironment(admin.request, developmentSpec(name, (spec) => (spec.cluster = gone)));

  const viewer = await pageAs('viewer');
  await viewer.goto(`/environments/${name}/components/credential-worker`);
  await expect(viewer.getByText(/^Cluster unreachable since /)).toBeVisible();
  await expect(viewer.getByTestId('cluster-unreachable')).toBeVisible();
  await expect(viewer.getByTestId('health-status')).toHaveText('Unknown');
  await expect(viewer.getByTestId('health-reasons')).toContainText(/cluster unreachable since .*ECONNREFUSED/);
  await expect(viewer.getByRole('heading', { name: 'No pods' })).toBeVisible();
  await viewer.goto(`/environments/${name}`);
  await expect(viewer.locator('[data-component-health="credential-worker"]').getByTestId('health-status')).toHaveText('Unknown');
});
