// A plan writes only where its environment holds the namespace today (review 8: attacker A2), on
// the testbed: an earlier revision that deployed successfully into a namespace the environment has
// since given up (released, and taken by a production environment) is refused when planned (409
// naming the namespaces), and a plan made while it still held the namespace is refused when
// deployed after the namespace changed hands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { errorCode } from '@/lib/core/errors';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { releaseDeployTarget } from '@/lib/server/environments/release-deploy-target';
import { updateEnvironment } from '@/lib/server/environments/update-environment';
import { deployPlan } from '@/lib/server/runs/deploy-plan';
import { rollbackEnvironment } from '@/lib/server/runs/rollback-environment';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { carryOutPlan, grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { createPlan } from './create-plan';

const db = createTestDb();
const deps = createTestDeps(db);
const cluster = unique('targets');
const grants: Array<{ revoke: () => Promise<void> }> = [];
let admin: Actor, operator: Actor;

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (error: Error) => `${errorCode(error)}: ${error.message}`,
  );

beforeAll(async () => {
  await registerTestbedAs(deps, cluster);
  [admin, operator] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator')]);
}, 60_000);
afterAll(async () => {
  for (const grant of grants) await grant.revoke().catch(() => undefined);
  await db.$disconnect();
}, 120_000);

describe('a plan only writes where its environment holds the namespace today', () => {
  it('an earlier revision that rendered into a namespace now held by another (protected) environment is refused when planned, and an open plan of it when deployed', async () => {
    // Environment A (development: no approvals) lives in namespace X and deploys there.
    const a = unique('tgt-a');
    const x = `personapass-${unique('x')}`;
    const y = `personapass-${unique('y')}`;
    const specA: EnvironmentSpec = { ...starterSpec(a, 'development'), cluster, namespace: x };
    grants.push(await grantTestbedNamespaces(a, x));
    await createEnvironment(contextFor(deps, admin), { spec: specA, changeNote: 'A in X' });
    const first = await createPlan(contextFor(deps, operator), a, { components: ['wallet-api'] });
    await carryOutPlan(deps, db, first.id);

    // A moves to Y; X is left behind, still A's: a rollback to revision 1 may still be planned there.
    await updateEnvironment(contextFor(deps, operator), a, 1, { spec: { ...specA, namespace: y }, changeNote: 'A moves to Y' });
    const rollback = await rollbackEnvironment(contextFor(deps, operator), a, { revision: 1 });
    expect(rollback.checksPassed).toBe(true);

    // An admin releases what A left behind in X; production environment B takes X.
    for (const namespace of [x, `${x}-monitoring`, `${x}-tracing`]) await releaseDeployTarget(contextFor(deps, admin), { cluster, namespace });
    const b = unique('tgt-b');
    await createEnvironment(contextFor(deps, admin), { spec: { ...starterSpec(b, 'production'), cluster, namespace: x }, changeNote: 'B (production) in X' });

    // The open rollback plan of A would write into B's namespace: refused before any run is queued.
    expect(await refusalOf(deployPlan(contextFor(deps, operator), rollback.id))).toMatch(
      new RegExp(`^conflict: ${a} does not hold namespaces ${x}, ${x}-monitoring, ${x}-tracing on cluster ${cluster}: \\d+ objects of this plan would be written there; it holds ${y}, ${y}-monitoring, ${y}-tracing\\. Make a new plan of a revision it can deploy$`),
    );
    expect(await db.deployRun.count({ where: { planId: rollback.id } })).toBe(0);

    // The attacker's probe (review8-attack, test 2): planning A's revision 1 again.
    const refusal = `conflict: revision 1 of ${a} renders into ${x}, ${x}-monitoring, ${x}-tracing on cluster ${cluster}, which ${a} no longer holds (it holds ${y}, ${y}-monitoring, ${y}-tracing there): plan a revision that deploys where it is now`;
    expect(await refusalOf(createPlan(contextFor(deps, operator), a, { revision: 1, components: ['wallet-api'] }))).toBe(refusal);
    expect(await refusalOf(rollbackEnvironment(contextFor(deps, operator), a, { revision: 1 }))).toBe(refusal);
    expect(await db.plan.count({ where: { environment: { name: a } } })).toBe(2);
  }, 120_000);
});
