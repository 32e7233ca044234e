import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';

// Registering a cluster tests the connection in the browser's sight: refusals land on the field
// they are about and save nothing; success shows who the credential is and what it may do. The
// cluster is the running Kubernetes testbed (stack.sh up kube), with the console's own token; it is
// registered once per run (global-setup leaves it unregistered), as a cluster may be registered once.

test.describe('clusters', () => {
  test('an admin registers the testbed after a connection test and re-tests it from the list', async ({ pageAs }) => {
    const page = await pageAs('admin');
    const name = uniqueEnvironmentName('k');
    const testbed = testbedCluster(name);
    const token = testbed.credential.kind === 'token' ? testbed.credential.token : '';
    await page.goto('/admin/clusters');
    const form = page.getByRole('form', { name: 'Register a cluster' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('API server URL').fill(testbed.apiServerUrl);
    await form.getByLabel('CA bundle').fill(testbed.caBundle);
    await form.getByLabel('Bearer token').fill('not-a-real-token-at-all');
    await form.getByRole('button', { name: 'Register cluster' }).click();
    await expect(form.getByText(`the API server of cluster ${name} at ${testbed.apiServerUrl} refused the credential (401 Unauthorized)`)).toBeVisible();
    await expect(form.getByLabel('Bearer token')).toHaveAccessibleDescription(/refused by the API server/);
    await expect(page.getByRole('table', { name: 'Registered clusters' }).getByText(name)).toHaveCount(0);

    await form.getByLabel('Bearer token').fill(token);
    await form.getByRole('button', { name: 'Register cluster' }).click();
    await expect(form.getByText(`Registered ${name} after a connection test.`)).toBeVisible();
    const result = form.getByRole('region', { name: `Connection test of ${name}` });
    await expect(result.getByText('system:serviceaccount:personapass-system:personapass-console')).toBeVisible();
    // Environments may only name registered clusters, so none deploys here yet.
    await expect(result.getByText('No environment deploys to this cluster yet')).toBeVisible();
    await expect(result.getByText('This credential can do more than the console needs')).toHaveCount(0);

    // An environment deploying to this cluster, into the namespaces the testbed grants the console;
    // re-testing from the list now checks its rights there.
    await createEnvironment(page.request, developmentSpec(uniqueEnvironmentName('kenv'), (spec) => Object.assign(spec, { cluster: name, namespace: 'personapass-dev' })));
    const row = page.getByRole('table', { name: 'Registered clusters' }).getByRole('row', { name: new RegExp(name) });
    await row.getByRole('button', { name: `Test the connection to ${name}` }).click();
    const retest = row.getByRole('region', { name: `Connection test of ${name}` });
    await expect(retest.getByText('system:serviceaccount:personapass-system:personapass-console')).toBeVisible();
    await expect(retest.getByText('All 21 rights the console needs are granted')).toBeVisible();
    await expect(retest.getByRole('row', { name: /patch deployments\.apps in personapass-dev deploy the workloads yes/ })).toBeVisible();

    // The same cluster under another name (and another spelling of its URL) is refused, naming the first.
    const twin = uniqueEnvironmentName('k');
    await form.getByLabel('Name', { exact: true }).fill(twin);
    await form.getByLabel('API server URL').fill(testbed.apiServerUrl.replace('127.0.0.1', 'localhost'));
    await form.getByLabel('CA bundle').fill(testbed.caBundle);
    await form.getByLabel('Bearer token').fill(token);
    await form.getByRole('button', { name: 'Register cluster' }).click();
    await expect(form.getByText(`this cluster is registered already, as ${name}`)).toBeVisible();
    await expect(page.getByRole('table', { name: 'Registered clusters' }).getByText(twin)).toHaveCount(0);
  });
});
