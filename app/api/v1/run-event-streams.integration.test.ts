import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployRunStore, RunLease } from '@/lib/core/deploy/deploy-ports';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { disableUser } from '@/lib/server/users/disable-user';
import { insertPlan } from '@/lib/test-support/plan-fixtures';
import { call, configureRouteEnv, harnessOrigin, tokenFor } from '@/lib/test-support/route-harness';
import { contextFor, createActor, createTestDb, ensureCluster, unique } from '@/lib/test-support/test-deps';

// Run progress streams (GET /runs/{id}/events) must not let anyone, the lowest role included, load
// the database or the process without limit: few streams per person and per process, one poller
// per run whatever the number of streams, access checked again while a stream is open, and a
// Last-Event-ID the database can hold.

const db = createTestDb();
type Caller = Awaited<ReturnType<typeof tokenFor>>;
let admin: Caller;
let operator: Caller;
const events = () => import('./runs/[id]/events/route');
const audit = (env: string) => ({ actor: null, action: 'run.requested', targetType: 'environment' as const, targetName: env, requestId: randomUUID(), summary: 'stream test' });

/** A queued run (no worker takes it) of a new environment, and a lease to write its events as a worker would. */
async function queuedRun(): Promise<{ env: string; runId: string; worker: () => Promise<RunLease> }> {
  const env = unique('sse');
  const created = await call((await import('./environments/route')).POST, { method: 'POST', path: '/api/v1/environments', token: admin.token, body: { spec: starterSpec(env, 'development') } });
  expect(created.status).toBe(201);
  const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
  const run = await getDeps().runs.createRun({ planId: plan.id, requestedBy: operator.userId, kind: 'deploy' }, () => undefined, audit(env));
  return { env, runId: run.id, worker: async () => (await getDeps().runs.claimRun(run.id, 'stream-test-worker', 60))! };
}

type Seen = { types: string[]; ids: string[]; done: boolean };
type OpenStream = { status: number; headers: Headers; body: any; read: (until: (types: string[]) => boolean, timeoutMs?: number) => Promise<Seen>; close: () => Promise<void> };

async function open(runId: string, caller: Caller, headers: Record<string, string> = {}, query = ''): Promise<OpenStream> {
  const { GET } = await events();
  const response = await GET(new Request(`${harnessOrigin}/api/v1/runs/${runId}/events${query}`, { headers: { authorization: `Bearer ${caller.token}`, ...headers } }), { params: Promise.resolve({ id: runId }) });
  if (response.status !== 200) return { status: response.status, headers: response.headers, body: await response.json(), read: async () => ({ types: [], ids: [], done: true }), close: async () => undefined };
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let done = false;
  const types: string[] = [];
  const ids: string[] = [];
  return {
    status: 200,
    headers: response.headers,
    body: null,
    // Reads until `until` holds for the event types so far or the stream ends; a timeout leaves it open.
    async read(until, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!done && !until(types) && Date.now() < deadline) {
        const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
        if (chunk === null) break;
        if (chunk.done) done = true;
        else buffer += decoder.decode(chunk.value, { stream: true });
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const event = JSON.parse(data.slice(6)) as { id: string; type: string };
          types.push(event.type);
          ids.push(event.id);
        }
      }
      return { types: [...types], ids: [...ids], done };
    },
    close: () => reader.cancel(),
  };
}

async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  [admin, operator] = await Promise.all([tokenFor('admin'), tokenFor('operator')]);
}, 60_000);
afterAll(() => db.$disconnect());

describe('run progress streams', () => {
  it('caps the streams one person holds open (429 with the error shape and Retry-After), frees a place when one closes, and leaves others unaffected', async () => {
    const { runId } = await queuedRun();
    const viewer = await tokenFor('viewer');
    const streams = [];
    for (let i = 0; i < 10; i++) streams.push(await open(runId, viewer));
    expect(streams.map((stream) => stream.status)).toEqual(Array(10).fill(200));
    const refused = await open(runId, viewer);
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'too_many_requests', message: expect.stringContaining('you have 10 progress streams open'), details: { retryAfterSeconds: 5 } } } });
    expect(refused.headers.get('retry-after')).toBe('5');
    const someoneElse = await open(runId, await tokenFor('viewer'));
    expect(someoneElse.status).toBe(200);
    await streams.pop()!.close();
    await eventually(() => getDeps().runStreams.admission.open(viewer.userId) === 9);
    const again = await open(runId, viewer);
    expect(again.status).toBe(200);
    for (const stream of [...streams, someoneElse, again]) await stream.close();
    await eventually(() => getDeps().runStreams.admission.open(viewer.userId) === 0);
  });

  it('follows a run with one poller however many streams follow it, reading only new events and the run’s status, never the whole run', async () => {
    const { runId, worker } = await queuedRun();
    const deps = getDeps();
    const real = deps.runs;
    const calls: Record<string, number> = {};
    deps.runs = new Proxy(real, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls[String(prop)] = (calls[String(prop)] ?? 0) + 1;
          return value.apply(target, args);
        };
      },
    }) as DeployRunStore;
    try {
      const streams = await Promise.all(Array.from({ length: 8 }, async () => open(runId, await tokenFor('viewer'))));
      expect(streams.map((stream) => stream.status)).toEqual(Array(8).fill(200));
      await Promise.all(streams.map((stream) => stream.read((types) => types.includes('run.queued'))));
      for (const key of Object.keys(calls)) delete calls[key];
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(deps.runStreams.feeds.size).toBe(1);
      // Idle for 2 s at a 500 ms poll: about 4 polls of events and status in all, not 4 per stream.
      expect(calls.getRun).toBeUndefined();
      expect(calls.findEvents ?? 0).toBeLessThanOrEqual(6);
      expect(calls.findRunStatus ?? 0).toBeLessThanOrEqual(6);

      const lease = await worker();
      await real.appendEvent(lease, 'wave.started', { wave: 'namespaces', objects: 0 });
      await real.finishRun(lease, { status: 'succeeded' }, { ...audit('x'), action: 'run.ended' });
      const seen = await Promise.all(streams.map((stream) => stream.read(() => false)));
      for (const stream of seen) expect(stream).toMatchObject({ types: ['run.queued', 'wave.started', 'run.succeeded'], done: true });
      await eventually(() => deps.runStreams.feeds.size === 0);
    } finally {
      deps.runs = real;
    }
  });

  it('resumes each stream after its own Last-Event-ID while they share the run’s poller, without gaps or repeats', async () => {
    const { runId, worker } = await queuedRun();
    const lease = await worker();
    await getDeps().runs.appendEvent(lease, 'run.started', { objects: 0 });
    for (const wave of ['namespaces', 'rbac']) await getDeps().runs.appendEvent(lease, 'wave.started', { wave, objects: 0 });
    const viewer = await tokenFor('viewer');
    const first = await open(runId, viewer);
    const everything = await first.read((types) => types.length === 4);
    expect(everything.types).toEqual(['run.queued', 'run.started', 'wave.started', 'wave.started']);
    // A second stream joins the poller, which is past its cursor: it reads what lies between itself.
    const second = await open(runId, viewer, { 'last-event-id': everything.ids[1]! });
    const third = await open(runId, viewer, {}, `?lastEventId=${everything.ids[3]}`);
    await getDeps().runs.appendEvent(lease, 'wave.finished', { wave: 'rbac' });
    await getDeps().runs.finishRun(lease, { status: 'failed', error: 'stopped by the test' }, { ...audit('x'), action: 'run.ended' });
    const [a, b, c] = (await Promise.all([first, second, third].map((stream) => stream.read(() => false)))) as [Seen, Seen, Seen];
    expect(a).toMatchObject({ types: ['run.queued', 'run.started', 'wave.started', 'wave.started', 'wave.finished', 'run.failed'], done: true });
    expect(b).toMatchObject({ types: ['wave.started', 'wave.started', 'wave.finished', 'run.failed'], ids: a.ids.slice(2), done: true });
    expect(c).toMatchObject({ types: ['wave.finished', 'run.failed'], ids: a.ids.slice(4), done: true });
  });

  it('ends the stream of a person disabled meanwhile: access is checked again while it is open', async () => {
    const { runId } = await queuedRun();
    const timing = getDeps().runStreams.timing;
    const recheckMs = timing.recheckMs;
    timing.recheckMs = 300;
    try {
      const viewer = await tokenFor('viewer');
      const stream = await open(runId, viewer);
      expect(stream.status).toBe(200);
      expect(await stream.read((types) => types.includes('run.queued'))).toMatchObject({ done: false });
      expect((await stream.read(() => false, 1000)).done).toBe(false); // still allowed: still open
      await disableUser(contextFor(getDeps(), await createActor(getDeps(), 'admin')), viewer.userId, { reason: 'left the company' });
      expect((await stream.read(() => false, 3000)).done).toBe(true);
      expect(getDeps().runStreams.admission.open(viewer.userId)).toBe(0);
      expect((await open(runId, viewer)).status).toBe(401);
    } finally {
      timing.recheckMs = recheckMs;
    }
  });

  it('refuses a Last-Event-ID beyond bigint (400), as header or query, and takes the largest bigint', async () => {
    const { runId } = await queuedRun();
    const viewer = await tokenFor('viewer');
    for (const [headers, query] of [
      [{ 'last-event-id': '9223372036854775808' }, ''],
      [{ 'last-event-id': '9999999999999999999' }, ''],
      [{}, '?lastEventId=9999999999999999999'],
    ] as const) {
      expect(await open(runId, viewer, headers, query)).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', message: expect.stringContaining('Last-Event-ID') } } });
    }
    const largest = await open(runId, viewer, { 'last-event-id': '9223372036854775807' });
    expect(largest.status).toBe(200);
    await largest.close();
  });

  // The shared feed starts after the run's latest event, never at the first caller's cursor.
  it('a viewer opening the first stream with a Last-Event-ID past the run’s events does not blind the operator following the same run', async () => {
    const { runId, worker } = await queuedRun();
    const viewer = await tokenFor('viewer');
    const poisoner = await open(runId, viewer, { 'last-event-id': '9223372036854775807' });
    expect(poisoner.status).toBe(200);
    const watching = await open(runId, operator);
    expect((await watching.read((types) => types.includes('run.queued'))).types).toEqual(['run.queued']);
    const lease = await worker();
    await getDeps().runs.appendEvent(lease, 'run.started', { objects: 3 });
    await getDeps().runs.appendEvent(lease, 'wave.started', { wave: 'namespaces', objects: 1 });
    // The operator's page should show the run starting within a poll or two.
    const seen = await watching.read((types) => types.includes('wave.started'), 4000);
    await poisoner.close();
    await watching.close();
    expect(seen.types).toEqual(['run.queued', 'run.started', 'wave.started']);
  });
});
