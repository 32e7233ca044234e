import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import { parseEnv } from '@/lib/env';
import { createDeps } from '@/lib/server/deps';
import { registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { expect, test } from './fixtures/test';
import { consoleEnv, e2eDatabaseUrl } from './support/run-settings';

// The cluster page reads the testbed's readiness live: an admin reaches it from the Clusters list
// and an operator reads each check with its status in words and what to do (the testbed has no
// default StorageClass, so that check fails); a viewer is told which role it needs.

let db: Db;
const cluster = `e2e-ready-${Date.now().toString(36)}`;

test.beforeAll(async () => {
  const settings = parseEnv(consoleEnv());
  db = createPrismaClient(e2eDatabaseUrl());
  await registerTestbedAs(createDeps({ db, keys: settings.CREDENTIAL_KEYS, activeKeyId: settings.CREDENTIAL_ACTIVE_KEY_ID }), cluster);
});
test.afterAll(async () => {
  await db?.$disconnect();
});

test('the cluster page shows the readiness report with what to do', async ({ pageAs }) => {
  test.setTimeout(120_000);
  const admin = await pageAs('admin');
  await admin.goto('/admin/clusters');
  await admin.getByRole('table', { name: 'Registered clusters' }).getByRole('row', { name: new RegExp(cluster) }).getByRole('link', { name: 'Readiness' }).click();
  await expect(admin).toHaveURL(new RegExp(`/clusters/${cluster}$`));
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(cluster);

  const operator = await pageAs('operator');
  await operator.goto(`/clusters/${cluster}`);
  const checks = operator.getByRole('list', { name: 'Readiness checks' });
  await expect(checks.getByRole('listitem')).toHaveCount(6, { timeout: 30_000 });
  const check = (title: string) => checks.getByRole('listitem').filter({ has: operator.getByRole('heading', { name: title }) });
  await expect(check('Kubernetes version')).toContainText('Pass');
  await expect(check('Nodes and zones')).toContainText(/\d+ ready, schedulable nodes in \d+ zones/);
  // The testbed's default class (scripts/stack/manifests/storage-class.yaml); a cluster without one
  // fails with what to do (lib/core/setup/readiness-checks.test.ts).
  await expect(check('Default StorageClass')).toContainText('Pass');
  await expect(check('Default StorageClass')).toContainText('testbed-static (kubernetes.io/no-provisioner) is the default');
  await expect(operator.getByText(/^No environment deploys to this cluster yet:/)).toBeVisible();

  const viewer = await pageAs('viewer');
  await viewer.goto(`/clusters/${cluster}`);
  await expect(viewer.getByText('You do not have access to this page')).toBeVisible();
  await expect(viewer.getByText(/needs the operator, approver or admin role/)).toBeVisible();
});
