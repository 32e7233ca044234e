import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { endedRun, insertPlan } from '@/lib/test-support/plan-fixtures';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { createTestDb, ensureCluster, unique } from '@/lib/test-support/test-deps';

// Approvals, deploys, runs and their event stream through the REST API, as the CLI and the browser use them.

const db = createTestDb();
let admin: Awaited<ReturnType<typeof tokenFor>>;
let operator: Awaited<ReturnType<typeof tokenFor>>;
let approver: Awaited<ReturnType<typeof tokenFor>>;
let viewer: Awaited<ReturnType<typeof tokenFor>>;
const routes = {
  environments: () => import('./environments/route'),
  approvals: () => import('./plans/[id]/approvals/route'),
  rejections: () => import('./plans/[id]/rejections/route'),
  deploy: () => import('./plans/[id]/runs/route'),
  run: () => import('./runs/[id]/route'),
  cancel: () => import('./runs/[id]/cancellations/route'),
  events: () => import('./runs/[id]/events/route'),
  history: () => import('./environments/[name]/runs/route'),
  plan: () => import('./plans/[id]/route'),
};

async function environment(tier: 'development' | 'staging' | 'production') {
  const name = unique(`runs-${tier.slice(0, 4)}`);
  const created = await call((await routes.environments()).POST, { method: 'POST', path: '/api/v1/environments', token: admin.token, body: { spec: starterSpec(name, tier) } });
  expect(created.status).toBe(201);
  return name;
}

/** Parses a text/event-stream body into its events (comments and retry lines dropped). */
function parseEvents(text: string): Array<{ id: string; data: any }> {
  return text
    .split('\n\n')
    .map((block) => block.split('\n'))
    .filter((lines) => lines.some((line) => line.startsWith('data: ')))
    .map((lines) => ({ id: lines.find((line) => line.startsWith('id: '))!.slice(4), data: JSON.parse(lines.find((line) => line.startsWith('data: '))!.slice(6)) }));
}

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  [admin, operator, approver, viewer] = await Promise.all([tokenFor('admin'), tokenFor('operator'), tokenFor('approver'), tokenFor('viewer')]);
});
afterAll(() => db.$disconnect());

describe('approvals over the API', () => {
  it('answers the same Idempotency-Key with the same approval and records one; another request under that key is refused', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const approve = (await routes.approvals()).POST;
    const request = { method: 'POST', path: `/api/v1/plans/${plan.id}/approvals`, params: { id: plan.id }, token: approver.token, headers: { 'idempotency-key': 'approve-1' }, body: { comment: 'ship it' } };
    const first = await call(approve, request);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ planId: plan.id, planHash: plan.hash, decision: 'approved', comment: 'ship it', approver: { email: approver.email } });
    const again = await call(approve, request);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await db.approval.count({ where: { planId: plan.id } })).toBe(1);
    const other = await call(approve, { ...request, body: { comment: 'something else' } });
    expect(other).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', message: expect.stringContaining('already used for a different request') } } });
    // Without a key the second approval is judged on its own: this approver has decided already.
    expect((await call(approve, { ...request, headers: {} })).status).toBe(409);
  });

  it('refuses the requester with the reason, and a rejection needs a comment and closes the plan', async () => {
    const env = await environment('staging');
    const own = await insertPlan(db, { environment: env, requestedBy: approver.userId });
    const refused = await call((await routes.approvals()).POST, { method: 'POST', path: `/api/v1/plans/${own.id}/approvals`, params: { id: own.id }, token: approver.token, body: {} });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: 'you requested this plan: someone else must approve it' } } });
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const reject = (await routes.rejections()).POST;
    const withoutComment = await call(reject, { method: 'POST', path: `/api/v1/plans/${plan.id}/rejections`, params: { id: plan.id }, token: approver.token, body: {} });
    expect(withoutComment).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', details: { issues: [{ path: 'comment' }] } } } });
    const rejected = await call(reject, { method: 'POST', path: `/api/v1/plans/${plan.id}/rejections`, params: { id: plan.id }, token: approver.token, body: { comment: 'not this week' } });
    expect(rejected).toMatchObject({ status: 201, body: { decision: 'rejected', comment: 'not this week' } });
    const deploy = await call((await routes.deploy()).POST, { method: 'POST', path: `/api/v1/plans/${plan.id}/runs`, params: { id: plan.id }, token: operator.token, body: {} });
    expect(deploy).toMatchObject({ status: 409, body: { error: { code: 'conflict', message: expect.stringContaining('rejected') } } });
  });

  it('refuses an unapproved production deploy with 409 naming the approvals it lacks, and a viewer with 403', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const deploy = (await routes.deploy()).POST;
    const request = { method: 'POST', path: `/api/v1/plans/${plan.id}/runs`, params: { id: plan.id }, body: {} };
    expect(await call(deploy, { ...request, token: operator.token })).toMatchObject({ status: 409, body: { error: { code: 'conflict', message: `${env} is protected: this plan needs 2 approvals and has 0` } } });
    expect(await call(deploy, { ...request, token: viewer.token })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await db.deployRun.count({ where: { planId: plan.id } })).toBe(0);
  });
  it('shows on GET /plans/{id} an approval whose approver was disabled since as no longer counting, with why', async () => {
    const env = await environment('production');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const [first, second] = await Promise.all([tokenFor('approver'), tokenFor('approver')]);
    for (const { token } of [first, second]) {
      expect((await call((await routes.approvals()).POST, { method: 'POST', path: `/api/v1/plans/${plan.id}/approvals`, params: { id: plan.id }, token, body: {} })).status).toBe(201);
    }
    await db.user.update({ where: { id: second.userId }, data: { disabledAt: new Date(), disabledBy: 'admin', disabledReason: 'left the company' } });
    const read = await call((await routes.plan()).GET, { path: `/api/v1/plans/${plan.id}`, params: { id: plan.id }, token: viewer.token });
    expect(read.status).toBe(200);
    expect(read.body.approvals).toEqual({ approved: 1, rejected: 0 });
    expect(read.body.decisions).toMatchObject([
      { approver: { email: first.email }, decision: 'approved', counts: true, notCountingReason: null },
      { approver: { email: second.email }, decision: 'approved', counts: false, notCountingReason: 'its approver has been disabled since' },
    ]);
    const deploy = await call((await routes.deploy()).POST, { method: 'POST', path: `/api/v1/plans/${plan.id}/runs`, params: { id: plan.id }, token: operator.token, body: {} });
    expect(deploy).toMatchObject({ status: 409, body: { error: { message: `${env} is protected: this plan needs 2 approvals and has 1` } } });
  });
});

describe('runs over the API', () => {
  it('lists an environment’s runs with actor, approvers, plan hash, counts and result, and shows one with its objects', async () => {
    const env = await environment('development');
    const { runId, planId } = await endedRun(getDeps(), db, { environment: env, requestedBy: operator.userId });
    const history = await call((await routes.history()).GET, { path: `/api/v1/environments/${env}/runs`, params: { name: env }, token: viewer.token });
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({ id: runId, planId, environment: env, status: 'succeeded', kind: 'deploy', requestedBy: { name: 'Test operator', email: operator.email }, approvers: [], attempts: 1 }),
    ]);
    const run = await call((await routes.run()).GET, { path: `/api/v1/runs/${runId}`, params: { id: runId }, token: viewer.token });
    expect(run).toMatchObject({ status: 200, body: { id: runId, objects: [], finishedAt: expect.any(String) } });
    expect((await call((await routes.run()).GET, { path: '/api/v1/runs/nope', params: { id: 'nope' }, token: viewer.token })).status).toBe(400);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await call((await routes.run()).GET, { path: `/api/v1/runs/${missing}`, params: { id: missing }, token: viewer.token })).status).toBe(404);
  });

  it('streams a run’s events as server-sent events, ending after its final event, and resumes after Last-Event-ID', async () => {
    const env = await environment('development');
    const events = [
      { type: 'wave.started', payload: { wave: 'namespaces', objects: 3 } },
      { type: 'wave.finished', payload: { wave: 'namespaces' } },
    ];
    const { runId } = await endedRun(getDeps(), db, { environment: env, requestedBy: operator.userId, events });
    const stream = (await routes.events()).GET;
    const all = await call(stream, { path: `/api/v1/runs/${runId}/events`, params: { id: runId }, token: viewer.token });
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const received = parseEvents(all.body as string);
    expect(received.map((event) => event.data.type)).toEqual(['run.queued', 'wave.started', 'wave.finished', 'run.succeeded']);
    expect(received.every((event) => event.id === event.data.id)).toBe(true);
    const resumed = await call(stream, { path: `/api/v1/runs/${runId}/events`, params: { id: runId }, token: viewer.token, headers: { 'last-event-id': received[1]!.id } });
    expect(parseEvents(resumed.body as string).map((event) => event.data.type)).toEqual(['wave.finished', 'run.succeeded']);
    const bad = await call(stream, { path: `/api/v1/runs/${runId}/events`, params: { id: runId }, token: viewer.token, headers: { 'last-event-id': 'x' } });
    expect(bad.status).toBe(400);
  });
});

describe('cancelling a queued run over the API', () => {
  it('a queued run says whether a worker is alive; an operator cancels it, once; a viewer may not', async () => {
    const env = await environment('development');
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    const deps = getDeps();
    const audit = { actor: null, action: 'run.requested', targetType: 'environment' as const, targetName: env, requestId: crypto.randomUUID(), summary: 'api test' };
    const queued = await deps.runs.createRun({ planId: plan.id, requestedBy: operator.userId, kind: 'deploy' }, () => undefined, audit);
    // No worker has said it is alive for a whole lease (this database's workers are test fixtures).
    await db.deployWorker.updateMany({ data: { seenAt: new Date(Date.now() - 3600_000) } });
    const shown = await call((await routes.run()).GET, { path: `/api/v1/runs/${queued.id}`, params: { id: queued.id }, token: viewer.token });
    expect(shown.body).toMatchObject({ status: 'queued', workers: { alive: false } });

    const cancel = (await routes.cancel()).POST;
    const request = { method: 'POST', path: `/api/v1/runs/${queued.id}/cancellations`, params: { id: queued.id }, body: {} };
    expect(await call(cancel, { ...request, token: viewer.token })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const cancelled = await call(cancel, { ...request, token: operator.token, headers: { 'idempotency-key': 'cancel-1' } });
    expect(cancelled).toMatchObject({ status: 200, body: { id: queued.id, status: 'cancelled', error: 'cancelled before a worker started it', finishedAt: expect.any(String) } });
    expect((await call(cancel, { ...request, token: operator.token, headers: { 'idempotency-key': 'cancel-1' } })).headers.get('idempotent-replayed')).toBe('true');
    expect(await call(cancel, { ...request, token: admin.token })).toMatchObject({ status: 409, body: { error: { code: 'conflict', message: 'the run is cancelled: only a queued run can be cancelled' } } });
    // Its stream ends with the cancellation.
    const events = await call((await routes.events()).GET, { path: `/api/v1/runs/${queued.id}/events`, params: { id: queued.id }, token: viewer.token });
    expect(parseEvents(events.body as string).map((event) => event.data.type)).toEqual(['run.queued', 'run.cancelled']);
  });
});

describe('the OpenAPI document', () => {
  it('describes approvals, deploys, runs and their events, with request and response schemas from the shared contract', async () => {
    const document = (await call((await import('./openapi.json/route')).GET, { path: '/api/v1/openapi.json' })).body;
    for (const [path, method] of [['/plans/{id}/approvals', 'post'], ['/plans/{id}/rejections', 'post'], ['/plans/{id}/runs', 'post'], ['/runs/{id}', 'get'], ['/runs/{id}/cancellations', 'post'], ['/runs/{id}/events', 'get'], ['/environments/{name}/runs', 'get']] as const) {
      expect(document.paths[path]?.[method], `${method} ${path}`).toBeDefined();
      expect(Object.keys(document.paths[path][method].responses)).toEqual(expect.arrayContaining(['401', '405', '500']));
    }
    expect(document.paths['/plans/{id}/runs'].post.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
    expect(document.components.schemas.Run.properties.status.enum).toEqual(['queued', 'running', 'succeeded', 'failed', 'interrupted', 'cancelled']);
    expect(document.components.schemas.CancelRun.additionalProperties).toBe(false);
    expect(document.components.schemas.RejectPlan.required).toEqual(['comment']);
    expect(document.components.schemas.DeployPlan.additionalProperties).toBe(false);
  });
});
