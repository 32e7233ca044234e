import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { errorCode } from '@/lib/core/errors';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { getPlan } from '@/lib/server/plans/get-plan';
import { toPlanDto } from '@/lib/server/plans/plan-dto';
import { disableUser } from '@/lib/server/users/disable-user';
import { deployPlan } from '@/lib/server/runs/deploy-plan';
import type { Deps } from '@/lib/server/deps';
import { insertPlan } from '@/lib/test-support/plan-fixtures';
import { recordingGateway, withGateway } from '@/lib/test-support/recording-gateway';
import { contextFor, createActor, createTestDb, createTestDeps, ensureCluster, unique } from '@/lib/test-support/test-deps';
import { approvePlan } from './approve-plan';
import { rejectPlan } from './reject-plan';

const db = createTestDb();
const deps = createTestDeps(db);
const sql = new pg.Client({ connectionString: inject('databaseUrl') });
let operator: Actor, approver: Actor, secondApprover: Actor, admin: Actor, viewer: Actor, approverWhoPlans: Actor;

async function environment(tier: 'development' | 'production'): Promise<string> {
  const name = unique(tier === 'production' ? 'ap-prod' : 'ap-dev');
  await createEnvironment(contextFor(deps, admin), { spec: starterSpec(name, tier), changeNote: 'approvals test' });
  return name;
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: errorCode(error), message: (error as Error).message };
  }
  throw new Error('expected a refusal');
}

const withClock = (now: Date): Deps => ({ ...deps, now: () => now });

beforeAll(async () => {
  await sql.connect();
  await ensureCluster(deps);
  [operator, approver, secondApprover, admin, viewer, approverWhoPlans] = await Promise.all([
    createActor(deps, 'operator'),
    createActor(deps, 'approver'),
    createActor(deps, 'approver'),
    createActor(deps, 'admin'),
    createActor(deps, 'viewer'),
    createActor(deps, 'approver'),
  ]);
});
afterAll(async () => {
  await sql.end();
  await db.$disconnect();
});

describe('approving a plan', () => {
  it('records an approval bound to the plan hash that expires after the plan’s approval expiry, with an audit event', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const approval = await approvePlan(contextFor(deps, approver), plan.id, { comment: 'looks right' });
    expect(approval).toMatchObject({ planId: plan.id, planHash: plan.hash, decision: 'approved', comment: 'looks right', approver: { id: approver.userId } });
    const hours = (approval.expiresAt.getTime() - approval.createdAt.getTime()) / 3600_000;
    expect(hours).toBeCloseTo(24, 1);
    const audit = await db.auditEvent.findFirst({ where: { targetName: env, action: 'plan.approved' } });
    expect(audit?.summary).toContain(plan.id);
  });

  it('is refused to the plan’s requester, naming why, and to every role but approver', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: approverWhoPlans.userId });
    expect(await refusal(approvePlan(contextFor(deps, approverWhoPlans), plan.id, { comment: '' }))).toEqual({ code: 'forbidden', message: 'you requested this plan: someone else must approve it' });
    for (const actor of [operator, viewer, admin]) {
      expect(await refusal(approvePlan(contextFor(deps, actor), plan.id, { comment: '' }))).toMatchObject({ code: 'forbidden', message: expect.stringContaining('needs the approver role') });
    }
    expect(await db.approval.count({ where: { planId: plan.id } })).toBe(0);
  });

  it('is refused by the database to the requester and for another hash, even written directly as the console’s role', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: approverWhoPlans.userId });
    const insert = (approverId: string, hash: string) =>
      sql.query(`INSERT INTO approvals (id, plan_id, plan_hash, approver_id, decision, expires_at) VALUES (gen_random_uuid(), $1, $2, $3, 'approved', now() + interval '1 hour')`, [plan.id, hash, approverId]);
    await expect(insert(approverWhoPlans.userId, plan.hash)).rejects.toThrow('the requester of a plan may not approve or reject it');
    await expect(insert(approver.userId, 'f'.repeat(64))).rejects.toThrow('an approval must be bound to the plan\'s hash');
    await insert(approver.userId, plan.hash);
    // Approvals are history: not even their author may change one afterwards.
    await expect(sql.query(`UPDATE approvals SET decision = 'rejected' WHERE plan_id = $1`, [plan.id])).rejects.toThrow();
  });

  it('is refused (409) on a superseded, rejected or expired plan, twice by one approver, and on an unprotected environment', async () => {
    const env = await environment('production');
    const first = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const second = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    expect(await refusal(approvePlan(contextFor(deps, approver), first.id, { comment: '' }))).toMatchObject({ code: 'conflict', message: expect.stringContaining('superseded') });
    await approvePlan(contextFor(deps, approver), second.id, { comment: '' });
    expect(await refusal(approvePlan(contextFor(deps, approver), second.id, { comment: '' }))).toMatchObject({ code: 'conflict', message: expect.stringContaining('already decided') });
    const later = withClock(new Date(Date.now() + 25 * 3600_000));
    expect(await refusal(approvePlan(contextFor(later, secondApprover), second.id, { comment: '' }))).toMatchObject({ code: 'conflict', message: expect.stringContaining('expired') });
    const dev = await environment('development');
    const devPlan = await insertPlan(db, { environment: dev, requestedBy: operator.userId });
    expect(await refusal(approvePlan(contextFor(deps, approver), devPlan.id, { comment: '' }))).toMatchObject({ code: 'conflict', message: expect.stringContaining('not protected') });
    const failing = await insertPlan(db, { environment: env, requestedBy: operator.userId, checksPassed: false });
    expect(await refusal(approvePlan(contextFor(deps, approver), failing.id, { comment: '' }))).toMatchObject({ code: 'conflict', message: expect.stringContaining('checks') });
  });

  it('rejection with a comment closes the plan: nobody approves or deploys it afterwards', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    await approvePlan(contextFor(deps, approver), plan.id, { comment: '' });
    const rejection = await rejectPlan(contextFor(deps, secondApprover), plan.id, { comment: 'wrong image tag' });
    expect(rejection.decision).toBe('rejected');
    const row = await db.plan.findUniqueOrThrow({ where: { id: plan.id } });
    expect(row).toMatchObject({ status: 'rejected', closedReason: expect.stringContaining('wrong image tag') });
    const third = await createActor(deps, 'approver');
    expect(await refusal(approvePlan(contextFor(deps, third), plan.id, { comment: '' }))).toMatchObject({ code: 'conflict', message: expect.stringContaining('rejected') });
    expect(await refusal(deployPlan(contextFor(deps, operator), plan.id))).toMatchObject({ code: 'conflict', message: expect.stringContaining('rejected') });
  });
});

describe('deploying needs approval where the environment is protected', () => {
  it('refuses an unapproved or under-approved production plan, and a viewer or approver at all', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    expect(await refusal(deployPlan(contextFor(deps, operator), plan.id))).toEqual({ code: 'conflict', message: `${env} is protected: this plan needs 2 approvals and has 0` });
    await approvePlan(contextFor(deps, approver), plan.id, { comment: '' });
    expect(await refusal(deployPlan(contextFor(deps, admin), plan.id))).toMatchObject({ code: 'conflict', message: expect.stringContaining('has 1') });
    for (const actor of [viewer, approver]) expect(await refusal(deployPlan(contextFor(deps, actor), plan.id))).toMatchObject({ code: 'forbidden' });
    expect(await db.deployRun.count({ where: { planId: plan.id } })).toBe(0);
  });

  it('voids approvals when a new plan supersedes the approved one', async () => {
    const env = await environment('production');
    const approved = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    await approvePlan(contextFor(deps, approver), approved.id, { comment: '' });
    await approvePlan(contextFor(deps, secondApprover), approved.id, { comment: '' });
    const newer = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    expect(await refusal(deployPlan(contextFor(deps, operator), approved.id))).toMatchObject({ code: 'conflict', message: expect.stringContaining('superseded') });
    expect(await refusal(deployPlan(contextFor(deps, operator), newer.id))).toMatchObject({ code: 'conflict', message: expect.stringContaining('has 0') });
  });
});

describe('an approval counts only while its approver may still approve', () => {
  // A fake cluster: these plans have no objects, and other test files may re-register the testbed meanwhile.
  const noCluster = withGateway(deps, recordingGateway([]));
  const deployOutcome = (planId: string) =>
    deployPlan(contextFor(noCluster, operator), planId).then(
      (run) => ({ deployed: run.id }),
      (error: Error) => ({ refused: error.message }),
    );

  it('no longer counts once an admin disabled the approver (a stolen session), and the plan says why', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const compromised = await createActor(deps, 'approver');
    await approvePlan(contextFor(deps, approver), plan.id, { comment: '' });
    await approvePlan(contextFor(deps, compromised), plan.id, { comment: 'lgtm' });
    await disableUser(contextFor(deps, admin), compromised.userId, { reason: 'session stolen' });
    expect(await deployOutcome(plan.id)).toEqual({ refused: `${env} is protected: this plan needs 2 approvals and has 1` });
    const shown = toPlanDto(await getPlan(contextFor(deps, viewer), plan.id), new Date());
    expect(shown.approvals).toEqual({ approved: 1, rejected: 0 });
    expect(shown.decisions).toEqual([
      expect.objectContaining({ approver: { name: approver.name, email: approver.email }, decision: 'approved', counts: true, notCountingReason: null }),
      expect.objectContaining({ approver: { name: compromised.name, email: compromised.email }, comment: 'lgtm', counts: false, notCountingReason: 'its approver has been disabled since' }),
    ]);
  });

  it('no longer counts once the approver lost the approver role', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const demoted = await createActor(deps, 'approver');
    await approvePlan(contextFor(deps, approver), plan.id, { comment: '' });
    await approvePlan(contextFor(deps, demoted), plan.id, { comment: '' });
    // Their identity-provider group is gone: the next sign-in or role check makes them a viewer.
    await sql.query(`UPDATE users SET role = 'viewer', session_version = session_version + 1 WHERE id = $1`, [demoted.userId]);
    expect(await deployOutcome(plan.id)).toEqual({ refused: `${env} is protected: this plan needs 2 approvals and has 1` });
    const shown = toPlanDto(await getPlan(contextFor(deps, viewer), plan.id), new Date());
    expect(shown.decisions.map((decision) => decision.notCountingReason)).toEqual([null, 'its approver no longer holds the approver role (now viewer)']);
    // Restored to approver, the vote counts again: it is judged on the approver's standing now.
    await sql.query(`UPDATE users SET role = 'approver' WHERE id = $1`, [demoted.userId]);
    expect(await deployOutcome(plan.id)).toMatchObject({ deployed: expect.any(String) });
  });
});
