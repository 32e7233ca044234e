import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { ensureCluster, unique } from '@/lib/test-support/test-deps';
import { emitTrace, jaegerQueryUrl } from '@/scripts/stack/emit-trace';
import { waitFor } from '@/scripts/stack/test-support';
import * as environmentsRoute from './environments/route';
import * as tracesRoute from './environments/[name]/traces/route';

// A component's error and slowest traces from the local stack's real Jaeger (traces emitted over
// OTLP under the component's service name, as its OTEL_SERVICE_NAME); a Jaeger that is down or hangs
// costs its lists, not the answer.

type Summary = { traceId: string; rootService: string; rootOperation: string; durationMs: number; spanCount: number; error: boolean; url: string };
let viewer: string;
let operator: { token: string; userId: string };
const environment = unique('traces');
let hanging: Server;

async function createEnvironment(name: string, jaegerUrl?: string) {
  const base = starterSpec(name, 'development');
  const spec = { ...base, namespace: unique('ns-traces'), observability: { ...base.observability, jaegerUrl: jaegerUrl ?? jaegerQueryUrl } };
  const created = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator.token, body: { spec, changeNote: 'traces test' } });
  expect(created.status).toBe(201);
}

const traces = (name: string, query: string) => call(tracesRoute.GET, { path: `/api/v1/environments/${name}/traces?${query}`, params: { name }, token: viewer });

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  [viewer, operator] = [(await tokenFor('viewer')).token, await tokenFor('operator')];
  await createEnvironment(environment);
  hanging = createServer(() => {}).listen(0, '127.0.0.1');
  await new Promise((r) => hanging.once('listening', r));
}, 60_000);

afterAll(() => {
  hanging.closeAllConnections();
  hanging.close();
});

describe('GET /api/v1/environments/{name}/traces', () => {
  it("lists a component's error traces and slowest traces from the real Jaeger, with links into Jaeger's UI", async () => {
    const failing = unique('POST /credentials');
    const slow = unique('GET /slow');
    const { traceId: errorId } = await emitTrace({ service: 'wallet-api', operation: failing, error: true });
    // Longer than anything else the stack emits for wallet-api (25 ms by default).
    const { traceId: slowId } = await emitTrace({ service: 'wallet-api', operation: slow, durationMs: 600_000 + Math.floor(Math.random() * 1000) });

    const body = await waitFor('both traces in the answer', async () => {
      const res = await traces(environment, 'component=wallet-api&range=1h');
      expect(res.status).toBe(200);
      const found = res.body.errors.status === 'ok' && res.body.errors.traces.some((t: Summary) => t.traceId === errorId) && res.body.slowest.traces?.some((t: Summary) => t.traceId === slowId);
      return found ? res.body : undefined;
    }, 30_000, 1000);
    expect(body.service).toBe('wallet-api');
    const failed = body.errors.traces.find((t: Summary) => t.traceId === errorId) as Summary;
    expect(failed).toMatchObject({ rootService: 'wallet-api', rootOperation: failing, spanCount: 2, error: true, durationMs: 25, url: `${jaegerQueryUrl}/trace/${errorId}` });
    expect(body.errors.traces.every((t: Summary) => t.error)).toBe(true);
    const slowest = body.slowest.traces as Summary[];
    // Among the slowest (an earlier run's 600 s trace in the shared Jaeger may rank above it), longest first.
    const mine = slowest.find((t) => t.traceId === slowId);
    expect(mine).toMatchObject({ rootOperation: slow, error: false });
    expect(mine!.durationMs).toBeGreaterThanOrEqual(600_000);
    expect(slowest[0]!.durationMs).toBeGreaterThanOrEqual(mine!.durationMs);
    expect(slowest.map((t) => t.durationMs)).toEqual([...slowest.map((t) => t.durationMs)].sort((a, b) => b - a));

    // The search links open Jaeger's UI on the same service and window.
    const search = new URL(body.search.errors);
    expect(`${search.origin}${search.pathname}`).toBe(`${jaegerQueryUrl}/search`);
    expect(Object.fromEntries(search.searchParams)).toEqual({ service: 'wallet-api', start: String(body.window.start), end: String(body.window.end), lookback: 'custom', limit: '20', tags: '{"error":"true"}' });
    expect(body.window.end - body.window.start).toBe(3600 * 1_000_000);
    // The link's trace is the one Jaeger's API returns.
    const api = await fetch(`${jaegerQueryUrl}/api/traces/${errorId}`);
    expect(api.status).toBe(200);
  });

  it('answers each list with its own error when Jaeger refuses connections or hangs, not a 500', async () => {
    const down = unique('traces-down');
    const closed = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => closed.once('listening', r));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const stuck = unique('traces-stuck');
    await createEnvironment(down, `http://127.0.0.1:${closedPort}`);
    await createEnvironment(stuck, `http://127.0.0.1:${(hanging.address() as { port: number }).port}`);
    const refused = await traces(down, 'component=identity-service');
    expect(refused.status).toBe(200);
    expect(refused.body.errors).toEqual({ status: 'unavailable', error: `Jaeger at 127.0.0.1:${closedPort} cannot be reached (connection refused)` });
    expect(refused.body.slowest.status).toBe('unavailable');
    expect(refused.body.search.all).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${closedPort}/search\\?service=identity-service&`));

    const started = Date.now();
    const timedOut = await traces(stuck, 'component=credential-worker&range=15m');
    expect(timedOut.status).toBe(200);
    expect(timedOut.body.errors.error).toMatch(/did not answer within 5 s/);
    expect(timedOut.body.slowest.error).toMatch(/did not answer within 5 s/);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
