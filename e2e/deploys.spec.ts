import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import { parseEnv } from '@/lib/env';
import { createDeps, type Deps } from '@/lib/server/deps';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { provideRedisVolume } from '@/lib/test-support/testbed-volumes';
import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';
import { consoleEnv, e2eBaseUrl, e2eDatabaseUrl, repoDir } from './support/run-settings';

// Approve and deploy in the browser against the real testbed, with a deploy worker running beside
// the console as `npm run demo` runs it: an operator plans production, an approver approves (a
// second approver through the API: production needs two), the operator deploys and watches the
// run's live progress to success, and the environment's history shows it. A viewer sees no way to
// deploy; the requester sees why they cannot approve.

let db: Db;
let deps: Deps;
let cluster: string;
let worker: ChildProcess;
const cleanups: Array<() => Promise<void>> = [];

test.beforeAll(async () => {
  const settings = parseEnv(consoleEnv());
  db = createPrismaClient(e2eDatabaseUrl());
  deps = createDeps({ db, keys: settings.CREDENTIAL_KEYS, activeKeyId: settings.CREDENTIAL_ACTIVE_KEY_ID });
  cluster = `e2e-deploys-${Date.now().toString(36)}`;
  await registerTestbedAs(deps, cluster);
  worker = spawn(path.join(repoDir, 'node_modules/.bin/node'), ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: repoDir,
    env: { ...process.env, ...consoleEnv(), PERSONAPASS_WORKER_NAME: 'e2e-worker' },
    stdio: 'ignore',
  });
});
test.afterAll(async () => {
  worker?.kill('SIGTERM');
  for (const cleanup of cleanups) await cleanup();
  await db?.$disconnect();
});

/** A production environment on the testbed, granted to the console, with the volume redis claims. */
async function productionEnvironment(request: Parameters<typeof createEnvironment>[0]): Promise<string> {
  const name = uniqueEnvironmentName('prod');
  const namespace = `personapass-${name}`;
  cleanups.push((await grantTestbedNamespaces(name, namespace)).revoke);
  cleanups.push((await provideRedisVolume(namespace)).remove);
  await createEnvironment(request, developmentSpec(name, (spec) => (spec.cluster = cluster), 'production'));
  return name;
}

/** Another approver, approving through the API as they would with the CLI. */
async function secondApproval(planId: string): Promise<void> {
  const email = `second-approver-${randomUUID().slice(0, 8)}@personapass.test`;
  const user = await deps.users.upsertFromSignIn({ subject: `e2e:${email}`, email, name: 'Second Approver', role: 'approver' }, randomUUID());
  const actor = { userId: user.id, email, name: user.name, role: user.role, via: 'session' as const, signedInAt: new Date() };
  const token = await createApiToken({ actor, requestId: randomUUID(), deps }, { name: 'e2e approval', expiresInDays: 1, scope: 'read-write' });
  const response = await fetch(`${e2eBaseUrl}/api/v1/plans/${planId}/approvals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ comment: 'second approval' }),
  });
  expect(response.status, await response.text()).toBe(201);
}

test.describe('deploys', () => {
  test('an operator plans production, an approver approves, the deploy runs with live progress to success, and history shows it', async ({ pageAs }) => {
    test.setTimeout(240_000);
    const admin = await pageAs('admin');
    const name = await productionEnvironment(admin.request);

    const operator = await pageAs('operator');
    await operator.goto(`/environments/${name}`);
    await operator.getByRole('button', { name: 'Plan changes' }).click();
    await expect(operator).toHaveURL(new RegExp(`/environments/${name}/plans/[0-9a-f-]{36}$`), { timeout: 30_000 });
    const planUrl = new URL(operator.url()).pathname;
    const planId = planUrl.split('/').at(-1)!;
    // The requester sees why they cannot approve; deploying waits for two approvals.
    const actions = operator.getByTestId('plan-actions');
    await expect(actions.getByRole('button', { name: 'Approve' })).toBeDisabled();
    await expect(actions.getByText('you requested this plan: someone else must approve it').first()).toBeVisible();
    await expect(actions.getByRole('button', { name: 'Deploy' })).toBeDisabled();
    await expect(actions.getByText(`${name} is protected: this plan needs 2 approvals and has 0`)).toBeVisible();

    const approver = await pageAs('approver');
    await approver.goto(planUrl);
    await expect(approver.getByTestId('plan-approvals')).toHaveText('0 of 2 approvals');
    // For people to look at (test-results/): the plan as an approver sees it.
    await approver.screenshot({ path: test.info().outputPath('plan-page.png'), fullPage: true });
    await approver.getByRole('button', { name: 'Approve' }).click();
    await expect(approver.getByTestId('plan-approvals')).toHaveText('1 of 2 approvals');
    await expect(approver.getByRole('button', { name: 'Approve' })).toBeDisabled();
    await expect(approver.getByText('you have already decided on this plan').first()).toBeVisible();
    await secondApproval(planId);

    await operator.reload();
    await expect(operator.getByTestId('plan-approvals')).toHaveText('2 of 2 approvals');
    // Who approved, each approval counting (one whose approver was disabled since would say why not).
    const decisions = operator.getByTestId('plan-decisions');
    await expect(decisions.getByRole('listitem')).toHaveCount(2);
    await expect(decisions).toContainText('approver@personapass.test');
    await expect(decisions).toContainText('Second Approver');
    await expect(decisions).not.toContainText('no longer counts');
    await operator.getByTestId('plan-actions').getByRole('button', { name: 'Deploy' }).click();
    await expect(operator).toHaveURL(new RegExp(`/environments/${name}/runs/[0-9a-f-]{36}$`));
    // Live progress: bars per wave, the current step, then the verified result.
    await expect(operator.getByRole('list', { name: 'Waves' }).getByText('workloads')).toBeVisible();
    await operator.screenshot({ path: test.info().outputPath('run-page-in-progress.png'), fullPage: true });
    await expect(operator.getByTestId('run-status')).toHaveText('succeeded', { timeout: 180_000 });
    await expect(operator.getByTestId('run-step')).toHaveText('succeeded');
    await expect(operator.getByLabel(/^workloads: (\d+) of \1$/)).toBeVisible();
    await operator.screenshot({ path: test.info().outputPath('run-page-succeeded.png'), fullPage: true });

    await operator.goto(`/environments/${name}`);
    const row = operator.getByTestId('run-row').first();
    await expect(row).toContainText('succeeded');
    await expect(row).toContainText('operator@personapass.test');
    await expect(row).toContainText('approver@personapass.test');
    await expect(operator.getByTestId('deployed-revision')).toHaveText('1');
    await operator.screenshot({ path: test.info().outputPath('environment-page.png'), fullPage: true });
  });

  test('a viewer sees no way to deploy, and why they cannot approve', async ({ pageAs }) => {
    const admin = await pageAs('admin');
    const name = uniqueEnvironmentName('view');
    await createEnvironment(admin.request, developmentSpec(name, undefined, 'staging'));
    // A stored plan of the staging environment (planning needs no cluster for what the viewer sees).
    const environment = await db.environment.findUniqueOrThrow({ where: { name }, select: { id: true } });
    const requester = await deps.users.upsertFromSignIn({ subject: 'e2e:planner', email: 'planner@personapass.test', name: 'Planner', role: 'operator' }, randomUUID());
    const plan = await db.plan.create({
      data: {
        environmentId: environment.id,
        revisionNumber: 1,
        requestedBy: requester.id,
        hash: 'a'.repeat(64),
        cluster: 'local',
        namespace: `personapass-${name}`,
        flags: { components: null, allowDeletes: false, force: false },
        summary: { changes: 0, total: 0, byAction: { create: 0, update: 0, unchanged: 0, delete: 0 }, byKind: {}, byComponent: {}, kept: [] },
        checks: { problems: [], warnings: [], ran: ['e2e'], skipped: [] },
        checksPassed: true,
        approvalsRequired: 1,
        approvalExpiryHours: 72,
      },
    });
    const viewer = await pageAs('viewer');
    await viewer.goto(`/environments/${name}/plans/${plan.id}`);
    const actions = viewer.getByTestId('plan-actions');
    await expect(actions.getByRole('button', { name: 'Approve' })).toBeDisabled();
    await expect(actions.getByText('needs the approver role (you are viewer)').first()).toBeVisible();
    await expect(viewer.getByRole('button', { name: 'Deploy' })).toHaveCount(0);
    await viewer.goto(`/environments/${name}`);
    await expect(viewer.getByRole('button', { name: 'Deploy' })).toHaveCount(0);
  });
});
