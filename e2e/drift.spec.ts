import { randomUUID } from 'node:crypto';
import { AppsV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { Actor } from '@/lib/core/auth/roles';
import { createPlan } from '@/lib/server/plans/create-plan';
import { deployPlan } from '@/lib/server/runs/deploy-plan';
import { executeDeployRun } from '@/lib/server/runs/execute-deploy-run';
import { grantTestbedNamespaces } from '@/lib/test-support/testbed-environment';
import { adminKubeConfig } from '@/scripts/stack/test-support';
import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { useTestbed } from './fixtures/testbed';
import { expect, test } from './fixtures/test';

// Drift in the browser against the real testbed: a development environment deployed through the
// pipeline, then its wallet-api image set by hand under another field manager (as `kubectl set
// image` does). An operator checks drift on the environment page, sees the banner naming the object
// and who changed it, and "Reconcile" leads to a plan of the deployed revision.

const testbed = useTestbed('drift');

/** Deployed as a deploy worker would (in this process): plan, deploy, execute. */
async function deployHead(name: string): Promise<void> {
  const { deps } = testbed;
  const email = `drift-deployer-${randomUUID().slice(0, 8)}@personapass.test`;
  const user = await deps.users.upsertFromSignIn({ subject: `e2e:${email}`, email, name: 'Drift Deployer', role: 'operator' }, randomUUID());
  const actor: Actor = { userId: user.id, email, name: user.name, role: user.role, via: 'session', scope: 'read-write', signedInAt: new Date() };
  const ctx = { actor, requestId: randomUUID(), deps };
  const run = await deployPlan(ctx, (await createPlan(ctx, name)).id);
  await executeDeployRun(deps, run.id, 'e2e-drift-worker');
  expect((await deps.runs.getRun(run.id))!.status).toBe('succeeded');
}

test.describe('drift', () => {
  test('an image set by hand shows as a drift banner naming who changed it, and Reconcile leads to a plan of the deployed revision', async ({ pageAs }) => {
    test.setTimeout(240_000);
    const admin = await pageAs('admin');
    const name = uniqueEnvironmentName('drift');
    const namespace = `personapass-${name}`;
    testbed.cleanups.push((await grantTestbedNamespaces(name, namespace)).revoke);
    await createEnvironment(admin.request, developmentSpec(name, (spec) => (spec.cluster = testbed.cluster)));
    await deployHead(name);
    await adminKubeConfig()
      .makeApiClient(AppsV1Api)
      .patchNamespacedDeployment(
        { name: 'wallet-api', namespace, fieldManager: 'kubectl-set', body: { spec: { template: { spec: { containers: [{ name: 'wallet-api', image: 'registry.personapass.io/personapass/wallet-api:9.9.9' }] } } } } },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );

    const operator = await pageAs('operator');
    await operator.goto(`/environments/${name}`);
    await expect(operator.getByText('Drift from revision 1: not checked yet.')).toBeVisible();
    await operator.getByRole('button', { name: 'Check drift now' }).click();
    const banner = operator.getByRole('alert').filter({ hasText: 'Drift:' });
    await expect(banner).toContainText('Drift: 1 object differs from revision 1, deployed last', { timeout: 60_000 });
    const drifted = banner.getByRole('list', { name: 'Drifted objects' }).getByRole('listitem');
    await expect(drifted).toHaveCount(1);
    await expect(drifted).toContainText(`Deployment/${namespace}/wallet-api`);
    await expect(drifted).toContainText('kubectl-set (Update, ');
    await expect(drifted).toContainText('spec.template.spec.containers[name=wallet-api].image');
    await drifted.getByText('Diff: what Reconcile would apply').click();
    await expect(drifted.locator('pre')).toContainText('wallet-api:9.9.9');
    await operator.screenshot({ path: test.info().outputPath('drift-banner.png'), fullPage: true });

    await banner.getByRole('button', { name: 'Reconcile' }).click();
    await expect(operator).toHaveURL(new RegExp(`/environments/${name}/plans/[0-9a-f-]{36}$`), { timeout: 60_000 });
    // The plan of the deployed revision names the field kubectl-set took: an admin's forced plan takes it back.
    await expect(operator.getByText('owned by field manager kubectl-set').first()).toBeVisible();
    await operator.screenshot({ path: test.info().outputPath('reconcile-plan.png'), fullPage: true });
  });
});
