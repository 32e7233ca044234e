// The whole pipeline on the testbed with the real plan engine: plan, approve (production), deploy
// (a run executed as a worker executes it), re-plan with nothing to do, an image change, and a
// rollback to an earlier successful revision that restores its images.
import { AppsV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { errorCode } from '@/lib/core/errors';
import { approvePlan } from '@/lib/server/approvals/approve-plan';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { updateEnvironment } from '@/lib/server/environments/update-environment';
import { createPlan } from '@/lib/server/plans/create-plan';
import { defaultDeploySettings } from '@/lib/server/deps';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { provideRedisVolume } from '@/lib/test-support/testbed-volumes';
import { adminKubeConfig } from '@/scripts/stack/test-support';
import { deployPlan } from './deploy-plan';
import { executeDeployRun } from './execute-deploy-run';
import { rollbackEnvironment } from './rollback-environment';

const db = createTestDb();
const deps = { ...createTestDeps(db), deploy: { ...defaultDeploySettings, rolloutTimeoutSeconds: 90, rolloutPollMs: 500 } };
const cluster = unique('pipeline');
const grants: Array<{ revoke: () => Promise<void> }> = [];
let admin: Actor, operator: Actor, approver: Actor, secondApprover: Actor;

async function environment(tier: 'development' | 'production'): Promise<EnvironmentSpec> {
  const name = unique(tier === 'production' ? 'pipe-prod' : 'pipe-dev');
  const spec = { ...starterSpec(name, tier), cluster };
  grants.push(await grantTestbedNamespaces(name, spec.namespace));
  await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'pipeline test' });
  return spec;
}

const volumes: Array<{ remove: () => Promise<void> }> = [];

async function deploy(planId: string) {
  const queued = await deployPlan(contextFor(deps, operator), planId);
  await executeDeployRun(deps, queued.id, 'test-worker');
  return (await deps.runs.getRun(queued.id))!;
}

async function liveImage(namespace: string, deployment: string): Promise<string | undefined> {
  const live = await adminKubeConfig().makeApiClient(AppsV1Api).readNamespacedDeployment({ name: deployment, namespace });
  return live.spec?.template.spec?.containers[0]?.image;
}

beforeAll(async () => {
  await registerTestbedAs(deps, cluster);
  [admin, operator, approver, secondApprover] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator'), createActor(deps, 'approver'), createActor(deps, 'approver')]);
}, 60_000);
afterAll(async () => {
  for (const grant of grants) await grant.revoke();
  for (const volume of volumes) await volume.remove();
  await db.$disconnect();
}, 120_000);

describe('plan, approve, deploy, roll back', () => {
  it('deploys production only after two approvals, and the run names its approvers', async () => {
    const spec = await environment('production');
    volumes.push(await provideRedisVolume(spec.namespace));
    const plan = await createPlan(contextFor(deps, operator), spec.name);
    expect(plan.checksPassed).toBe(true);
    await expect(deployPlan(contextFor(deps, operator), plan.id)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('needs 2 approvals and has 0') });
    await approvePlan(contextFor(deps, approver), plan.id, { comment: '' });
    await approvePlan(contextFor(deps, secondApprover), plan.id, { comment: 'ok' });
    const run = await deploy(plan.id);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    expect(run.approvers.map((a) => a.email).sort()).toEqual([approver.email, secondApprover.email].sort());
    // Nothing left to do afterwards.
    const again = await createPlan(contextFor(deps, operator), spec.name);
    expect(again.summary.changes).toBe(0);
  }, 240_000);

  it('rolls back to an earlier successful revision: a new plan through the same policy that restores its images', async () => {
    const spec = await environment('development');
    const first = await deploy((await createPlan(contextFor(deps, operator), spec.name)).id);
    expect(first.status).toBe('succeeded');
    const before = await liveImage(spec.namespace, 'wallet-api');
    expect(before).toBe('registry.personapass.io/personapass/wallet-api:2.3.0');

    const changed = structuredClone(spec);
    changed.components['wallet-api'].image.tag = '2.4.0';
    await updateEnvironment(contextFor(deps, operator), spec.name, 1, { spec: changed, changeNote: 'wallet-api 2.4.0' });
    const upgrade = await createPlan(contextFor(deps, operator), spec.name);
    expect(upgrade.summary.byAction.update).toBeGreaterThan(0);
    expect((await deploy(upgrade.id)).status).toBe('succeeded');
    expect(await liveImage(spec.namespace, 'wallet-api')).toBe('registry.personapass.io/personapass/wallet-api:2.4.0');

    const refused = await rollbackEnvironment(contextFor(deps, operator), spec.name, { revision: 7 }).catch((error: Error) => error);
    expect(errorCode(refused)).toBe('conflict');
    expect((refused as Error).message).toContain('revisions deployed successfully: 2, 1');

    const rollback = await rollbackEnvironment(contextFor(deps, operator), spec.name, { revision: 1 });
    expect(rollback.revision).toBe(1);
    const run = await deploy(rollback.id);
    expect({ status: run.status, kind: run.kind, revision: run.revisionNumber }).toEqual({ status: 'succeeded', kind: 'rollback', revision: 1 });
    expect(await liveImage(spec.namespace, 'wallet-api')).toBe(before);
    // The head stays revision 2: deploying it again is a plan away.
    expect((await deps.environments.findHead(spec.name))!.number).toBe(2);
    const deployed = await deps.runs.findDeployedState(spec.name);
    expect(deployed?.images['wallet-api']).toBe(before);
  }, 300_000);
});
