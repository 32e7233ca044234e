// The plan endpoints end to end through their route handlers: Idempotency-Key on create, the plan
// and its objects read back page by page, and the environment's plans newest first.
import { beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { unique } from '@/lib/test-support/test-deps';
import { registerTestbedAs } from '@/lib/test-support/testbed-environment';
import * as environmentsRoute from './environments/route';
import * as plansRoute from './environments/[name]/plans/route';
import * as planRoute from './plans/[id]/route';
import * as planObjectsRoute from './plans/[id]/objects/route';

let operator: Awaited<ReturnType<typeof tokenFor>>;
let viewer: Awaited<ReturnType<typeof tokenFor>>;
const name = unique('api-plan');

beforeAll(async () => {
  configureRouteEnv();
  const cluster = unique('api-plan-testbed');
  // The testbed under a name of this file's own; the environment's namespaces are not granted there,
  // so every object is refused by the cluster and the plan says so in its checks.
  await registerTestbedAs(getDeps(), cluster);
  operator = await tokenFor('operator');
  viewer = await tokenFor('viewer');
  const created = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator.token, body: { spec: { ...starterSpec(name, 'development'), cluster } } });
  expect(created.status).toBe(201);
}, 60_000);

const plan = (body: unknown, headers: Record<string, string> = {}) =>
  call(plansRoute.POST, { method: 'POST', path: `/api/v1/environments/${name}/plans`, params: { name }, token: operator.token, headers, body });

describe('plan endpoints', () => {
  it('plans once per Idempotency-Key: the same key and body answer the same plan, a different body with it is refused', async () => {
    const first = await plan({ components: ['wallet-api'] }, { 'idempotency-key': 'plan-once' });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/api/v1/plans/${first.body.id}`);
    const again = await plan({ components: ['wallet-api'] }, { 'idempotency-key': 'plan-once' });
    expect({ status: again.status, id: again.body.id, replayed: again.headers.get('idempotent-replayed'), location: again.headers.get('location') }).toEqual({ status: 201, id: first.body.id, replayed: 'true', location: first.headers.get('location') });
    const list = await call(plansRoute.GET, { path: `/api/v1/environments/${name}/plans`, params: { name }, token: viewer.token });
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([first.body.id]);
    const other = await plan({ components: ['redis'] }, { 'idempotency-key': 'plan-once' });
    expect(other).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', details: { issues: [{ path: 'Idempotency-Key' }] } } } });
  }, 60_000);

  it('reads a plan and its objects page by page, filtered by action; the cluster’s refusals are the plan’s failed checks', async () => {
    const created = await plan({});
    expect(created.status).toBe(201);
    const read = await call(planRoute.GET, { path: `/api/v1/plans/${created.body.id}`, params: { id: created.body.id }, token: viewer.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, environment: name, revision: 1, status: 'open', checksPassed: false, noChanges: false, approvalsRequired: 0, approvals: { approved: 0, rejected: 0 }, requestedBy: { email: operator.email } });
    expect(read.body.checks.problems[0]).toMatchObject({ check: 'server-dry-run', message: expect.stringContaining('(403)') });
    const total = read.body.summary.total as number;
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/plans/${created.body.id}/objects?limit=25${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call(planObjectsRoute.GET, { path, params: { id: created.body.id }, token: viewer.token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((o: { seq: number }) => o.seq));
      expect(page.body.items[0]).not.toHaveProperty('desired');
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
    const creates = await call(planObjectsRoute.GET, { path: `/api/v1/plans/${created.body.id}/objects?action=create&limit=500`, params: { id: created.body.id }, token: viewer.token });
    expect(creates.body.items.length).toBe(read.body.summary.byAction.create);
    expect(creates.body.items.every((o: { action: string; diff: string }) => o.action === 'create' && o.diff.startsWith('--- /dev/null'))).toBe(true);
    // The new plan superseded the first.
    const list = await call(plansRoute.GET, { path: `/api/v1/environments/${name}/plans?limit=1`, params: { name }, token: viewer.token });
    expect(list.body.items.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([[created.body.id, 'open']]);
    const older = await call(plansRoute.GET, { path: `/api/v1/environments/${name}/plans?limit=1&cursor=${list.body.nextCursor}`, params: { name }, token: viewer.token });
    expect(older.body.items[0]).toMatchObject({ status: 'superseded', closedReason: `superseded by plan ${created.body.id}` });
  }, 60_000);
});
