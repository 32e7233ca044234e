import type { APIRequestContext } from '@playwright/test';
import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import { parseEnv } from '@/lib/env';
import { createDeps, type Deps } from '@/lib/server/deps';
import { carryOutPlan, grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { createEnvironment, developmentSpec, getEnvironment, putEnvironment, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';
import { consoleEnv, e2eBaseUrl, e2eDatabaseUrl } from './support/run-settings';

// Plans against the real testbed: the environment's namespaces are granted to the console's
// ServiceAccount as an administrator grants them, and the testbed is registered under this spec's
// own name (a fixture identity, beside the registration clusters.spec.ts makes in the browser).

let db: Db;
let deps: Deps;
let cluster: string;
const grants: Array<{ revoke: () => Promise<void> }> = [];

test.beforeAll(async () => {
  const settings = parseEnv(consoleEnv());
  db = createPrismaClient(e2eDatabaseUrl());
  deps = createDeps({ db, keys: settings.CREDENTIAL_KEYS, activeKeyId: settings.CREDENTIAL_ACTIVE_KEY_ID });
  cluster = `e2e-plans-${Date.now().toString(36)}`;
  await registerTestbedAs(deps, cluster);
});
test.afterAll(async () => {
  for (const grant of grants) await grant.revoke();
  await db?.$disconnect();
});

async function plannedEnvironment(request: APIRequestContext): Promise<string> {
  const name = uniqueEnvironmentName('plan');
  grants.push(await grantTestbedNamespaces(name, `personapass-${name}`));
  await createEnvironment(request, developmentSpec(name, (spec) => (spec.cluster = cluster)));
  return name;
}

test.describe('plans', () => {
  test('an operator plans an image change and reads its diff', async ({ pageAs }) => {
    const page = await pageAs('operator');
    const name = await plannedEnvironment(page.request);
    // What is deployed now: the first plan, carried out as a deploy run would.
    const first = await page.request.post(`/api/v1/environments/${name}/plans`, { data: {}, headers: { Origin: e2eBaseUrl } });
    expect(first.status(), await first.text()).toBe(201);
    await carryOutPlan(deps, db, (await first.json()).id);
    const head = await getEnvironment(page.request, name);
    head.spec.components['wallet-api'].image.tag = '2.4.0';
    expect((await putEnvironment(page.request, name, head.revision, head.spec, 'wallet-api 2.4.0')).status()).toBe(200);

    await page.goto(`/environments/${name}`);
    await page.getByRole('button', { name: 'Plan changes' }).click();
    await expect(page).toHaveURL(new RegExp(`/environments/${name}/plans/[0-9a-f-]{36}$`));
    const planId = page.url().split('/').at(-1)!;
    await expect(page.getByRole('heading', { level: 1, name: /^Plan [0-9a-f]{8}$/ })).toBeVisible();
    await expect(page.getByTestId('count-create')).toHaveText('0');
    await expect(page.getByTestId('count-delete')).toHaveText('0');
    await expect(page.getByTestId('count-update')).not.toHaveText('0');
    await expect(page.getByRole('status').filter({ hasText: 'All checks passed' })).toBeVisible();

    const objects = page.getByTestId('plan-objects');
    const deployment = objects.getByRole('button', { name: new RegExp(`update Deployment/personapass-${name}/wallet-api`) });
    await expect(deployment).toHaveAttribute('aria-expanded', 'false');
    await deployment.click();
    await expect(deployment).toHaveAttribute('aria-expanded', 'true');
    await expect(objects.getByText(/^-\s+image: registry\.personapass\.io\/personapass\/wallet-api:2\.3\.0$/)).toBeVisible();
    await expect(objects.getByText(/^\+\s+image: registry\.personapass\.io\/personapass\/wallet-api:2\.4\.0$/)).toBeVisible();
    // Unchanged objects are one filter away, without diffs.
    await page.getByRole('button', { name: 'Unchanged', exact: true }).click();
    await expect(objects.getByRole('button', { name: new RegExp(`unchanged Service/personapass-${name}/wallet-api`) })).toBeDisabled();

    // The environment lists the plan it just made.
    await page.goto(`/environments/${name}`);
    await expect(page.getByRole('link', { name: planId.slice(0, 8), exact: true })).toBeVisible();
  });

  test('a viewer reads plans but sees why they cannot plan', async ({ pageAs }) => {
    const operator = await pageAs('operator');
    const name = await plannedEnvironment(operator.request);
    const page = await pageAs('viewer');
    await page.goto(`/environments/${name}`);
    const button = page.getByRole('button', { name: 'Plan changes' });
    await expect(button).toBeDisabled();
    await expect(page.getByText('planning changes needs the operator or admin role (you are viewer)')).toBeVisible();
    const planned = await operator.request.post(`/api/v1/environments/${name}/plans`, { data: {}, headers: { Origin: e2eBaseUrl } });
    const plan = await planned.json();
    await page.goto(`/environments/${name}/plans/${plan.id}`);
    await expect(page.getByTestId('count-create')).not.toHaveText('0');
  });
});
