import pg from 'pg';
import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';
import { e2eDatabaseUrl } from './support/run-settings';

// While the demo's testbed builds in the background, the console says so where people look for the
// cluster: the clusters page and the pages of environments that deploy to it.
test.describe('a cluster that is still starting', () => {
  test('is announced with what it is doing and how long it should take, and the notice goes when it is ready', async ({ pageAs }) => {
    const admin = await pageAs('admin');
    const name = uniqueEnvironmentName('wait');
    await createEnvironment(admin.request, developmentSpec(name));
    const db = new pg.Client({ connectionString: e2eDatabaseUrl() });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO cluster_provisioning (name, state, detail, ready_by) VALUES ('local', 'building', 'building Kubernetes (kube)', now() + interval '7 minutes')
         ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, detail = EXCLUDED.detail, ready_by = EXCLUDED.ready_by`,
      );
      await admin.goto(`/environments/${name}`);
      await expect(admin.getByRole('status').filter({ hasText: 'Cluster local is starting (building Kubernetes (kube), about 7 min left)' })).toBeVisible();
      // The way to deploy says the same, instead of failing with the cluster unreachable.
      const planButton = admin.getByRole('button', { name: 'Plan changes' });
      await expect(planButton).toBeDisabled();
      await expect(planButton).toHaveAccessibleDescription('cluster local is starting (building Kubernetes (kube), about 7 min left)');
      await admin.goto('/admin/clusters');
      await expect(admin.getByText('Cluster local is starting (building Kubernetes (kube), about 7 min left)')).toBeVisible();
    } finally {
      await db.query("DELETE FROM cluster_provisioning WHERE name = 'local'");
      await db.end();
    }
    await admin.goto(`/environments/${name}`);
    await expect(admin.getByText('Cluster local is starting')).toHaveCount(0);
    await expect(admin.getByRole('button', { name: 'Plan changes' })).toBeEnabled();
  });
});
