// On the testbed: a run that waits in the queue (no worker up, all busy, handed back by a stopping
// worker) or is resumed by another worker is applied only where its environment still holds the
// namespaces (the worker checks on every attempt; a release is refused while a run waits), never
// into a namespace released meanwhile and taken by another environment. And turning a component's
// autoscaling off takes spec.replicas back from the handover manager without a forced plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import type { ClusterGateway, PlainObject } from '@/lib/core/deploy/cluster-gateway';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { releaseDeployTarget } from '@/lib/server/environments/release-deploy-target';
import { updateEnvironment } from '@/lib/server/environments/update-environment';
import { defaultDeploySettings, type Deps } from '@/lib/server/deps';
import { createPlan } from '@/lib/server/plans/create-plan';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { carryOutPlan, grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { deployPlan } from './deploy-plan';
import { executeDeployRun } from './execute-deploy-run';

const db = createTestDb();
const deps: Deps = { ...createTestDeps(db), deploy: { ...defaultDeploySettings, rolloutTimeoutSeconds: 5, rolloutPollMs: 500 } };
const cluster = unique('verify8');
const grants: Array<{ revoke: () => Promise<void> }> = [];
let admin: Actor, operator: Actor;

beforeAll(async () => {
  await registerTestbedAs(deps, cluster);
  [admin, operator] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator')]);
}, 60_000);
afterAll(async () => {
  for (const grant of grants) await grant.revoke().catch(() => undefined);
  await db.$disconnect();
}, 120_000);

describe('the worker and the deploy targets', () => {
  it('a namespace is not released under a queued run; a queued run of an environment that no longer holds its namespace (released, taken by a production environment) writes nothing there', async () => {
    const a = unique('v8-a');
    const x = `personapass-${unique('x')}`;
    const y = `personapass-${unique('y')}`;
    const specA: EnvironmentSpec = { ...starterSpec(a, 'development'), cluster, namespace: x };
    grants.push(await grantTestbedNamespaces(a, x));
    await createEnvironment(contextFor(deps, admin), { spec: specA, changeNote: 'A in X' });
    await carryOutPlan(deps, db, (await createPlan(contextFor(deps, operator), a, { components: ['wallet-api'] })).id);
    await updateEnvironment(contextFor(deps, operator), a, 1, { spec: { ...specA, namespace: y }, changeNote: 'A moves to Y' });

    // While A still holds X (left behind), an operator deploys revision 1's identity-service there; no worker is free yet.
    const plan = await createPlan(contextFor(deps, operator), a, { revision: 1, components: ['identity-service'] });
    expect(plan.checksPassed).toBe(true);
    const run = await deployPlan(contextFor(deps, operator), plan.id);
    expect(run.status).toBe('queued');

    // An admin may not release what A left in X while that run waits: 409 naming it.
    const refusal = await releaseDeployTarget(contextFor(deps, admin), { cluster, namespace: x }).catch((error: Error) => error);
    expect((refusal as Error).message).toBe(`${a} has a queued deploy run ${run.id}; release namespace ${x} on cluster ${cluster} once it has ended (or cancel it)`);
    // A release that raced the queueing (committed between the deploy's check and the run's insert)
    // leaves the same state: the targets freed, then production environment B takes X.
    await db.deployTarget.updateMany({ where: { cluster, namespace: { in: [x, `${x}-monitoring`, `${x}-tracing`] } }, data: { environmentId: null, leftAt: null } });
    const b = unique('v8-b');
    await createEnvironment(contextFor(deps, admin), { spec: { ...starterSpec(b, 'production'), cluster, namespace: x }, changeNote: 'B (production) in X' });

    // A worker picks the run up.
    const writes: string[] = [];
    const real = await deps.clusterGateways.forCluster(cluster);
    const recording = new Proxy(real, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop === 'apply' || prop === 'delete') {
          return (object: PlainObject, ...rest: unknown[]) => {
            writes.push(`${String(prop)} ${object.kind}/${(object.metadata as { namespace?: string } | undefined)?.namespace ?? (object as { namespace?: string }).namespace}/${(object.metadata as { name?: string } | undefined)?.name ?? (object as { name?: string }).name}`);
            return value.apply(target, [object, ...rest]);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as ClusterGateway;
    await executeDeployRun({ ...deps, clusterGateways: { forCluster: async () => recording } as unknown as Deps['clusterGateways'] }, run.id, 'verify-worker');
    const ended = (await deps.runs.getRun(run.id))!;
    expect({ writesIntoBsNamespace: writes.filter((write) => write.includes(`/${x}/`)), status: ended.status }).toEqual({ writesIntoBsNamespace: [], status: 'failed' });
    expect(ended.error).toMatch(/does not hold/);
  }, 180_000);
});

describe('turning autoscaling off again', () => {
  it('an operator’s plan that gives a component fixed replicas again is not refused for the console’s own handover manager', async () => {
    const { updateEnvironment: update } = await import('@/lib/server/environments/update-environment');
    const name = unique('v8-hpa');
    const spec: EnvironmentSpec = { ...starterSpec(name, 'development'), cluster };
    spec.components['wallet-api'].autoscaling = { ...spec.components['wallet-api'].autoscaling, enabled: true, minReplicas: 2, maxReplicas: 4 };
    grants.push(await grantTestbedNamespaces(name, spec.namespace));
    await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'autoscaled wallet-api' });
    const first = await deployPlan(contextFor(deps, operator), (await createPlan(contextFor(deps, operator), name, { components: ['wallet-api'] })).id);
    await executeDeployRun({ ...deps, deploy: { ...deps.deploy, rolloutTimeoutSeconds: 90 } }, first.id, 'verify-worker');
    expect((await deps.runs.getRun(first.id))!.status).toBe('succeeded');

    // The team turns autoscaling off: wallet-api runs 3 fixed replicas (its ScaledObject is pruned).
    const next = structuredClone(spec);
    next.components['wallet-api'].autoscaling = { ...next.components['wallet-api'].autoscaling, enabled: false };
    next.components['wallet-api'].replicas = 3;
    await update(contextFor(deps, admin), name, 1, { spec: next, changeNote: 'fixed replicas' });
    const plan = await createPlan(contextFor(deps, operator), name, { components: ['wallet-api'] });
    expect(plan.checks.problems.map((problem) => `${problem.object} ${problem.path}: ${problem.message}`)).toEqual([]);
    expect(plan.checks.warnings).toContainEqual(expect.objectContaining({ check: 'replica-takeback', path: 'spec.replicas' }));
    // Deployed by the operator (no forced plan): the console owns the count again, at 3.
    const second = await deployPlan(contextFor(deps, operator), plan.id);
    await executeDeployRun({ ...deps, deploy: { ...deps.deploy, rolloutTimeoutSeconds: 90 } }, second.id, 'verify-worker');
    const ended = (await deps.runs.getRun(second.id))!;
    expect({ status: ended.status, error: ended.error }).toEqual({ status: 'succeeded', error: null });
    const live = await (await deps.clusterGateways.forCluster(cluster)).get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: spec.namespace, name: 'wallet-api' });
    expect((live?.spec as { replicas?: number }).replicas).toBe(3);
  }, 240_000);
});
