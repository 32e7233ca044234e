// A run's lease and attempt fence in the database: a second claim while the lease is held fails,
// a lapsed lease is taken over with the next attempt, the old attempt's writes are refused, and a
// run taken over too often ends as interrupted, never as succeeded.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { insertPlan } from '@/lib/test-support/plan-fixtures';
import { contextFor, createActor, createTestDb, createTestDeps, ensureCluster, unique } from '@/lib/test-support/test-deps';
import { executeDeployRun } from './execute-deploy-run';

const db = createTestDb();
const deps = createTestDeps(db);
const audit = { actor: null, action: 'run.requested', targetType: 'environment' as const, targetName: 'x', requestId: randomUUID(), summary: 'lease test' };

async function queuedRun(): Promise<string> {
  const admin = await createActor(deps, 'admin');
  const name = unique('lease');
  await createEnvironment(contextFor(deps, admin), { spec: starterSpec(name, 'development'), changeNote: 'lease test' });
  const plan = await insertPlan(db, { environment: name, requestedBy: admin.userId });
  return (await deps.runs.createRun({ planId: plan.id, requestedBy: admin.userId, kind: 'deploy' }, () => undefined, audit)).id;
}

const outcome = { seq: 0, status: 'applied' as const, event: { type: 'object.applied', payload: {} } };

beforeAll(() => ensureCluster(deps));
afterAll(() => db.$disconnect());

describe('a deploy run’s lease', () => {
  it('lets one worker hold it; a lapsed lease is taken over and the old attempt can no longer write', async () => {
    const runId = await queuedRun();
    const first = await deps.runs.claimRun(runId, 'worker-a', 30);
    expect(first).toEqual({ runId, attempt: 1, worker: 'worker-a', handbacks: 0 });
    expect(await deps.runs.claimRun(runId, 'worker-b', 30)).toBeNull();
    expect(await deps.runs.appendEvent(first!, 'step', { step: 'a' })).toBe(true);

    // worker-a stops renewing: after the lease (here 0 s) worker-b takes over with attempt 2.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await deps.runs.claimRun(runId, 'worker-b', 0);
    expect(second?.attempt).toBe(2);
    expect(await deps.runs.appendEvent(first!, 'step', { step: 'late' })).toBe(false);
    expect(await deps.runs.recordObjects(first!, [outcome])).toBe(false);
    expect(await deps.runs.renewLease(first!)).toBe(false);
    expect(await deps.runs.finishRun(first!, { status: 'succeeded' }, audit)).toBe(false);
    expect(await deps.runs.renewLease(second!)).toBe(true);
    expect((await db.deployRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe('running');
  });

  it('ends a run its workers kept dying on as interrupted after the allowed attempts', async () => {
    const runId = await queuedRun();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await deps.runs.claimRun(runId, `worker-${attempt}`, 0))?.attempt).toBe(attempt);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    await executeDeployRun({ ...deps, deploy: { ...deps.deploy, leaseSeconds: 0, maxAttempts: 3 } }, runId, 'worker-4');
    const run = await db.deployRun.findUniqueOrThrow({ where: { id: runId } });
    expect({ status: run.status, attempts: run.attempts }).toEqual({ status: 'interrupted', attempts: 4 });
    expect(run.error).toContain('its worker stopped 3 times');
    expect((await db.plan.findUniqueOrThrow({ where: { id: run.planId } })).status).toBe('failed');
    const last = await db.deployRunEvent.findFirst({ where: { runId }, orderBy: { id: 'desc' } });
    expect(last?.type).toBe('run.interrupted');
  });
});
