// A plan's approval gate is today's, whatever revision it plans (review 8: attacker A1, SRE S5):
// the strictest of the planned revision and the environment's head; only the
// head or a revision that deployed successfully may be planned; saving a revision supersedes the
// open plans and voids their approvals. Plans reach the testbed where they must.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { errorCode } from '@/lib/core/errors';
import { approvePlan } from '@/lib/server/approvals/approve-plan';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { updateEnvironment } from '@/lib/server/environments/update-environment';
import { deployPlan } from '@/lib/server/runs/deploy-plan';
import { rollbackEnvironment } from '@/lib/server/runs/rollback-environment';
import { insertPlan } from '@/lib/test-support/plan-fixtures';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { carryOutPlan, grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { createPlan } from './create-plan';

const db = createTestDb();
const deps = createTestDeps(db);
const cluster = unique('gate');
const grants: Array<{ revoke: () => Promise<void> }> = [];
let admin: Actor, operator: Actor, approver: Actor;

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (error: Error) => `${errorCode(error)}: ${error.message}`,
  );

async function environment(tier: 'development' | 'staging', protection: EnvironmentSpec['protection'], granted = false): Promise<EnvironmentSpec> {
  const name = unique(`gate-${tier.slice(0, 3)}`);
  const spec: EnvironmentSpec = { ...starterSpec(name, tier), cluster, protection };
  if (granted) grants.push(await grantTestbedNamespaces(name, spec.namespace));
  await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'gate test' });
  return spec;
}

async function revise(spec: EnvironmentSpec, change: (next: EnvironmentSpec) => void): Promise<EnvironmentSpec> {
  const head = (await deps.environments.findHead(spec.name))!;
  const next = structuredClone(head.spec);
  change(next);
  await updateEnvironment(contextFor(deps, admin), spec.name, head.number, { spec: next, changeNote: 'gate test' });
  return next;
}

const unprotected = { protected: false, approvalsRequired: 0, approvalExpiryHours: 72 };
const protectedBy = (approvalsRequired: number) => ({ protected: true, approvalsRequired, approvalExpiryHours: 24 });

beforeAll(async () => {
  await registerTestbedAs(deps, cluster);
  [admin, operator, approver] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator'), createActor(deps, 'approver')]);
}, 60_000);
afterAll(async () => {
  for (const grant of grants) await grant.revoke().catch(() => undefined);
  await db.$disconnect();
}, 120_000);

describe('which revisions may be planned', () => {
  it('an operator cannot plan an earlier revision that never deployed (from before the environment was protected): 409 naming what may be planned', async () => {
    // The attacker's probe (review8-attack, test 1): staging, not yet protected, then protected by an admin.
    const spec = await environment('staging', unprotected);
    await revise(spec, (next) => (next.protection = protectedBy(1)));
    const planned = await refusalOf(createPlan(contextFor(deps, operator), spec.name, { revision: 1, components: ['wallet-api'] }));
    expect(planned).toBe(`conflict: revision 1 of ${spec.name} is neither its head nor a revision that deployed successfully: plan the head (2) (no revision was ever deployed successfully)`);
    const rolledBack = await refusalOf(rollbackEnvironment(contextFor(deps, operator), spec.name, { revision: 1 }));
    expect(rolledBack).toBe(`conflict: revision 1 of ${spec.name} was never deployed successfully: only those can be rolled back to; nothing was ever deployed successfully`);
    expect(await db.plan.count({ where: { environment: { name: spec.name } } })).toBe(0);
  });
});

describe('the approval gate of a plan of an earlier revision', () => {
  it('a rollback (or a plan of the revision) from before the environment was protected needs today’s approvals', async () => {
    // The SRE's probe (review8-sre, rollback and the approval gate).
    const spec = await environment('development', unprotected, true);
    const first = await createPlan(contextFor(deps, operator), spec.name, { components: ['wallet-api'] });
    expect(first).toMatchObject({ protected: false, approvalsRequired: 0 });
    await carryOutPlan(deps, db, first.id);
    // An admin protects the environment from now on: every deploy needs an approver.
    await revise(spec, (next) => (next.protection = protectedBy(1)));

    const rollback = await rollbackEnvironment(contextFor(deps, operator), spec.name, { revision: 1 });
    expect(rollback).toMatchObject({ revision: 1, protected: true, approvalsRequired: 1, approvalExpiryHours: 24 });
    expect(rollback.checksPassed).toBe(true);
    expect(await refusalOf(deployPlan(contextFor(deps, operator), rollback.id))).toBe(`conflict: ${spec.name} is protected: this plan needs 1 approval and has 0`);

    // The same revision through POST /environments/{name}/plans: the same gate.
    const plan = await createPlan(contextFor(deps, operator), spec.name, { revision: 1, components: ['wallet-api'] });
    expect(plan).toMatchObject({ revision: 1, protected: true, approvalsRequired: 1 });
    expect(await refusalOf(deployPlan(contextFor(deps, operator), plan.id))).toBe(`conflict: ${spec.name} is protected: this plan needs 1 approval and has 0`);
    await approvePlan(contextFor(deps, approver), plan.id, { comment: 'rolling back is fine' });
    expect(await refusalOf(deployPlan(contextFor(deps, operator), plan.id))).toBe('allowed');
  }, 120_000);

  it('an admin lifting the protection takes effect for the head, while a plan of a protected revision keeps that revision’s approvals', async () => {
    const spec = await environment('staging', protectedBy(2), true);
    const first = await createPlan(contextFor(deps, operator), spec.name, { components: ['wallet-api'] });
    expect(first).toMatchObject({ protected: true, approvalsRequired: 2 });
    await carryOutPlan(deps, db, first.id);
    await revise(spec, (next) => (next.protection = unprotected));
    const head = await createPlan(contextFor(deps, operator), spec.name, { components: ['wallet-api'] });
    expect(head).toMatchObject({ revision: 2, protected: false, approvalsRequired: 0 });
    const earlier = await createPlan(contextFor(deps, operator), spec.name, { revision: 1, components: ['wallet-api'] });
    expect(earlier).toMatchObject({ revision: 1, protected: true, approvalsRequired: 2 });
  }, 60_000);
});

describe('saving a revision', () => {
  it('supersedes the open plans, so their approvals no longer open a deploy, and says so in the audit log', async () => {
    const spec = await environment('staging', protectedBy(1));
    const plan = await insertPlan(db, { environment: spec.name, requestedBy: operator.userId });
    await approvePlan(contextFor(deps, approver), plan.id, { comment: '' });
    await revise(spec, (next) => (next.components['wallet-api'].image.tag = '2.4.0'));
    expect(await db.plan.findUniqueOrThrow({ where: { id: plan.id }, select: { status: true, closedReason: true } })).toEqual({ status: 'superseded', closedReason: 'superseded by revision 2' });
    expect(await refusalOf(deployPlan(contextFor(deps, operator), plan.id))).toMatch(/^conflict: this plan cannot be deployed: a newer plan of this environment superseded it/);
    const audit = await deps.audit.findEvents({ limit: 5, targetName: spec.name });
    expect(audit.items.map((event) => [event.action, event.summary])).toContainEqual(['plan.superseded', `revision 2 superseded the open plan ${plan.id}: their approvals no longer count`]);
  });

  it('a plan gated on an older head is refused by the store once a revision was saved meanwhile', async () => {
    const spec = await environment('development', unprotected);
    await revise(spec, (next) => (next.components['wallet-api'].image.tag = '2.4.0'));
    const audit = { actor: null, action: 'plan.created', targetType: 'environment' as const, targetName: spec.name, requestId: crypto.randomUUID(), summary: 'race' };
    const stale = {
      id: crypto.randomUUID(),
      environment: spec.name,
      revision: 1,
      requestedBy: operator.userId,
      hash: 'f'.repeat(64),
      cluster,
      namespace: spec.namespace,
      flags: { components: null, allowDeletes: false, force: false },
      summary: { changes: 0, total: 0, byAction: { create: 0, update: 0, unchanged: 0, delete: 0 }, byKind: {}, byComponent: {}, kept: [] },
      checks: { problems: [], warnings: [], ran: [], skipped: [] },
      checksPassed: true,
      protected: false,
      approvalsRequired: 0,
      approvalExpiryHours: 72,
      gatedOnHead: 1,
      objects: [],
    };
    await expect(deps.plans.createPlan(stale, audit)).rejects.toMatchObject({ code: 'conflict', message: `${spec.name} changed while this plan was made (revision 2 was saved); plan again` });
  });
});
