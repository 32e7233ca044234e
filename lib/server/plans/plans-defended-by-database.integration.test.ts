import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { planStatuses, type PlanStatus } from '@/lib/core/deploy/plan-contract';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { deployPlan } from '@/lib/server/runs/deploy-plan';
import { executeDeployRun } from '@/lib/server/runs/execute-deploy-run';
import { insertPlan } from '@/lib/test-support/plan-fixtures';
import { recordingGateway, withGateway } from '@/lib/test-support/recording-gateway';
import { contextFor, createActor, createTestDb, createTestDeps, ensureCluster, unique } from '@/lib/test-support/test-deps';

// The database as the last line: what approvals and deploys rest on cannot be changed with the
// console's database role (or the owner's) behind the code's back. Every attempt runs in a
// transaction that is rolled back.

const db = createTestDb();
const deps = createTestDeps(db);
const app = new pg.Client({ connectionString: inject('databaseUrl') });
const owner = new pg.Client({ connectionString: inject('migrationDatabaseUrl') });
let operator: Actor, approver: Actor, secondApprover: Actor, admin: Actor;

async function environment(tier: 'development' | 'production'): Promise<string> {
  const name = unique(tier === 'production' ? 'guard-prod' : 'guard-dev');
  await createEnvironment(contextFor(deps, admin), { spec: starterSpec(name, tier), changeNote: 'plan guards' });
  return name;
}

/** Runs the statements in one transaction, rolled back: 'allowed', or the first refusal's message. */
async function attempt(client: pg.Client, statements: Array<[string, unknown[]]>): Promise<string> {
  await client.query('BEGIN');
  try {
    for (const [text, params] of statements) await client.query(text, params);
    return 'allowed';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.query('ROLLBACK');
  }
}

const insertApproval = (planId: string, hash: string, approverId: string): [string, unknown[]] => [
  `INSERT INTO approvals (id, plan_id, plan_hash, approver_id, decision, expires_at) VALUES (gen_random_uuid(), $1, $2, $3, 'approved', now() + interval '1 hour')`,
  [planId, hash, approverId],
];

beforeAll(async () => {
  await Promise.all([app.connect(), owner.connect()]);
  await ensureCluster(deps);
  [operator, approver, secondApprover, admin] = await Promise.all([createActor(deps, 'operator'), createActor(deps, 'approver'), createActor(deps, 'approver'), createActor(deps, 'admin')]);
});
afterAll(async () => {
  await Promise.all([app.end(), owner.end()]);
  await db.$disconnect();
});

describe('a plan is fixed once made', () => {
  it('refuses the requester approving their own plan by moving requested_by aside for a moment', async () => {
    const env = await environment('production');
    const requester = await createActor(deps, 'approver'); // approvers may not plan, but a role change or an insider with the DB URL may
    const plan = await insertPlan(db, { environment: env, requestedBy: requester.userId });
    const moveAside: Array<[string, unknown[]]> = [
      [`UPDATE plans SET requested_by = $2 WHERE id = $1`, [plan.id, secondApprover.userId]],
      insertApproval(plan.id, plan.hash, requester.userId),
      [`UPDATE plans SET requested_by = $2 WHERE id = $1`, [plan.id, requester.userId]],
    ];
    expect(await attempt(app, moveAside)).toBe('a plan is fixed once made: only its status moves');
    expect(await db.approval.count({ where: { planId: plan.id } })).toBe(0);
  });

  it.each([
    ['requested_by', (ids: { other: string }) => ids.other],
    ['hash', () => 'f'.repeat(64)],
    ['approvals_required', () => 0],
    ['protected', () => false],
    ['approval_expiry_hours', () => 87600],
    ['checks_passed', () => false],
    ['revision_number', () => 99],
    ['cluster', () => 'elsewhere'],
    ['namespace', () => 'elsewhere'],
    ['flags', () => JSON.stringify({ components: null, allowDeletes: true, force: true })],
    ['created_at', () => new Date()],
  ])('refuses changing %s, to the console’s role and the owner alike', async (column, value) => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId, checksPassed: true });
    const update: [string, unknown[]] = [`UPDATE plans SET ${pg.escapeIdentifier(column)} = $2 WHERE id = $1`, [plan.id, value({ other: secondApprover.userId })]];
    expect(await attempt(app, [update])).toBe('a plan is fixed once made: only its status moves');
    expect(await attempt(owner, [update])).toBe('a plan is fixed once made: only its status moves');
  });

  it('starts open: a plan written straight into deploying or deployed is refused', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const copy = (status: string): [string, unknown[]] => [
      `INSERT INTO plans (id, environment_id, revision_number, requested_by, status, hash, cluster, namespace, flags, summary, checks, checks_passed, protected, approvals_required, approval_expiry_hours)
       SELECT gen_random_uuid(), environment_id, revision_number, requested_by, $2, hash, cluster, namespace, flags, summary, checks, checks_passed, protected, approvals_required, approval_expiry_hours FROM plans WHERE id = $1`,
      [plan.id, status],
    ];
    expect(await attempt(app, [copy('deploying')])).toBe('a plan starts open');
    expect(await attempt(app, [copy('deployed')])).toBe('a plan starts open');
    expect(await attempt(app, [copy('open')])).toBe('allowed');
  });
});

describe('a plan’s status only moves forward', () => {
  // Exactly the moves the code makes: a newer plan supersedes, a rejection rejects, a run deploys, its end closes.
  const forward: Record<PlanStatus, PlanStatus[]> = {
    open: ['superseded', 'rejected', 'deploying'],
    deploying: ['deployed', 'failed'],
    superseded: [],
    rejected: [],
    expired: [],
    deployed: [],
    failed: [],
  };
  // How the code gets a plan to each status it writes ("expired" is only ever read).
  const pathTo: Partial<Record<PlanStatus, PlanStatus[]>> = { open: [], superseded: ['superseded'], rejected: ['rejected'], deploying: ['deploying'], deployed: ['deploying', 'deployed'], failed: ['deploying', 'failed'] };

  it('allows exactly open → superseded, rejected, deploying and deploying → deployed, failed', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const move = (status: PlanStatus): [string, unknown[]] => [`UPDATE plans SET status = $2, closed_at = now(), closed_reason = $2 WHERE id = $1`, [plan.id, status]];
    const seen: Record<string, boolean> = {};
    const expected: Record<string, boolean> = {};
    for (const [from, path] of Object.entries(pathTo) as Array<[PlanStatus, PlanStatus[]]>) {
      for (const to of planStatuses.filter((status) => status !== from)) {
        expected[`${from} → ${to}`] = forward[from].includes(to);
        seen[`${from} → ${to}`] = (await attempt(app, [...path.map(move), move(to)])) === 'allowed';
      }
    }
    expect(seen).toEqual(expected);
  });

  it('names the refused move, and never rewrites how a closed plan was closed', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const reject: [string, unknown[]] = [`UPDATE plans SET status = 'rejected', closed_at = now(), closed_reason = 'wrong tag' WHERE id = $1`, [plan.id]];
    expect(await attempt(owner, [reject, [`UPDATE plans SET status = 'open', closed_at = NULL, closed_reason = NULL WHERE id = $1`, [plan.id]]])).toBe(
      'a plan\'s status only moves forward: rejected to open is refused',
    );
    expect(await attempt(app, [reject, [`UPDATE plans SET closed_reason = 'looked fine' WHERE id = $1`, [plan.id]]])).toBe('a plan\'s closing is written with its status, never rewritten');
  });
});

describe('a plan’s objects are what was reviewed', () => {
  it('refuses swapping an approved object’s desired state, and deleting objects, to the console’s role and the owner', async () => {
    const env = await environment('development');
    const configMap = (value: string): PlainObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe', namespace: `personapass-${env}` }, data: { value } });
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId, objects: [{ object: configMap('reviewed'), action: 'create' }] });
    const applied: PlainObject[] = [];
    const fakeCluster = withGateway(deps, recordingGateway(applied));
    const run = await deployPlan(contextFor(fakeCluster, operator), plan.id);
    const swap: [string, unknown[]] = [`UPDATE plan_objects SET desired = $2 WHERE plan_id = $1`, [plan.id, JSON.stringify(configMap('swapped-in'))]];
    const remove: [string, unknown[]] = [`DELETE FROM plan_objects WHERE plan_id = $1`, [plan.id]];
    expect(await attempt(app, [swap])).toBe('permission denied for table plan_objects');
    expect(await attempt(app, [remove])).toBe('permission denied for table plan_objects');
    expect(await attempt(owner, [swap])).toBe('plan_objects is append-only');
    expect(await attempt(owner, [remove])).toBe('plan_objects is append-only');
    expect(await attempt(owner, [['TRUNCATE plan_objects', []]])).toBe('plan_objects is append-only');
    await executeDeployRun(fakeCluster, run.id, 'guard-worker');
    expect(applied.map((object) => (object.data as Record<string, string>).value)).toEqual(['reviewed']);
  });
});

describe('approvals written directly', () => {
  it('are refused unless the approver holds the approver role and is enabled', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const disabled = await createActor(deps, 'approver');
    await db.user.update({ where: { id: disabled.userId }, data: { disabledAt: new Date(), disabledBy: 'admin', disabledReason: 'left' } });
    const refusal = 'only an enabled user with the approver role may approve or reject a plan';
    expect(await attempt(app, [insertApproval(plan.id, plan.hash, disabled.userId)])).toBe(refusal);
    expect(await attempt(app, [insertApproval(plan.id, plan.hash, admin.userId)])).toBe(refusal);
    const otherOperator = await createActor(deps, 'operator');
    expect(await attempt(owner, [insertApproval(plan.id, plan.hash, otherOperator.userId)])).toBe(refusal);
    expect(await attempt(app, [insertApproval(plan.id, plan.hash, approver.userId)])).toBe('allowed');
  });
});
