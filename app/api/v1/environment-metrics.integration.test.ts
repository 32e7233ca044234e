import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { prometheusUrl as stackPrometheusUrl } from '@/scripts/stack/test-support';
import { getDeps } from '@/lib/server/deps';
import { insertPlan } from '@/lib/test-support/plan-fixtures';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { createTestDb, ensureCluster, unique } from '@/lib/test-support/test-deps';
import * as environmentsRoute from './environments/route';
import * as metricsRoute from './environments/[name]/metrics/route';

// Charts against the local stack's real Prometheus, fed by the synthetic traffic generator; a
// Prometheus that is down or hangs costs only its charts.

const trafficUrl = `http://127.0.0.1:${process.env.PP_TRAFFIC_PORT ?? 59100}`;
const MIB = 1024 * 1024;
let viewer: string;
let operator: { token: string; userId: string };
const namespace = unique('ns-metrics');
const environment = unique('metrics');
const db = createTestDb();
let hanging: Server;

async function createEnvironment(name: string, overrides: { namespace: string; prometheusUrl?: string }) {
  const base = starterSpec(name, 'development');
  const spec = { ...base, namespace: overrides.namespace, observability: { ...base.observability, prometheusUrl: overrides.prometheusUrl ?? stackPrometheusUrl } };
  const created = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator.token, body: { spec, changeNote: 'metrics test' } });
  expect(created.status).toBe(201);
}

const metrics = (name: string, query: string) => call(metricsRoute.GET, { path: `/api/v1/environments/${name}/metrics?${query}`, params: { name }, token: viewer });

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  [viewer, operator] = [(await tokenFor('viewer')).token, await tokenFor('operator')];
  // This test's own series: a namespace label of its own, steered values.
  for (const body of [
    { workload: 'wallet-api', namespace, replicas: 2, memoryBytes: 100 * MIB, rps: 40 },
    { workload: 'credential-worker', namespace, queueLength: 7 },
  ]) {
    const res = await fetch(`${trafficUrl}/control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
  }
  await createEnvironment(environment, { namespace });
  hanging = createServer(() => {}).listen(0, '127.0.0.1');
  await new Promise((r) => hanging.once('listening', r));
}, 60_000);

afterAll(async () => {
  await fetch(`${trafficUrl}/control?namespace=${namespace}`, { method: 'DELETE' });
  hanging.closeAllConnections();
  hanging.close();
});

describe('GET /api/v1/environments/{name}/metrics', () => {
  it("answers the traffic generator's series for a component from the real Prometheus", async () => {
    const memory = await waitFor('wallet-api memory series', async () => {
      const { status, body } = await metrics(environment, 'component=wallet-api&chart=memory&range=15m');
      expect(status).toBe(200);
      const chart = body.charts[0];
      return chart.status === 'ok' && chart.series.length > 0 ? chart : undefined;
    });
    expect(memory.series.map((s: { labels: Record<string, string> }) => s.labels.container)).toEqual(['wallet-api']);
    const points = memory.series[0].points as [number, number][];
    // Two synthetic pods of 100 MiB each.
    expect(points.at(-1)![1]).toBe(200 * MIB);

    const all = await waitFor('wallet-api request rate', async () => {
      const { body } = await metrics(environment, 'component=wallet-api&range=1h');
      const rate = body.charts.find((c: { chart: string }) => c.chart === 'request-rate');
      return rate.status === 'ok' && rate.series.length > 0 ? body : undefined;
    });
    console.log('charts of wallet-api:', all.charts.map((c: { chart: string; status: string; series?: unknown[] }) => `${c.chart}=${c.status}/${c.series?.length ?? 0}`).join(' '));
    expect(all.charts.map((c: { chart: string }) => c.chart)).toEqual(['request-rate', 'error-ratio', 'latency-p50', 'latency-p95', 'latency-p99', 'cpu', 'memory', 'replicas']);
    expect(all.charts.every((c: { status: string }) => c.status === 'ok')).toBe(true);
    const rate = all.charts.find((c: { chart: string }) => c.chart === 'request-rate');
    expect(rate.series[0].labels.destination_workload).toBe('wallet-api');
    expect(rate.series[0].points.at(-1)[1]).toBeGreaterThan(0);
    expect(all.window.step).toBe(15);
    expect(rate.series[0].points.length).toBeLessThanOrEqual(241);

    const queue = await waitFor('credential-worker queue', async () => {
      const { body } = await metrics(environment, 'component=credential-worker&chart=queue-length&range=15m');
      return body.charts[0].status === 'ok' && body.charts[0].series.length > 0 ? body.charts[0] : undefined;
    });
    expect(queue.series[0].points.at(-1)[1]).toBe(7);
  });

  it('draws the environment’s deploy runs within the range as markers', async () => {
    const plan = await insertPlan(db, { environment, requestedBy: operator.userId });
    const env = await db.environment.findUniqueOrThrow({ where: { name: environment }, select: { id: true } });
    const finishedAt = new Date();
    const run = await db.deployRun.create({ data: { planId: plan.id, environmentId: env.id, requestedBy: operator.userId, status: 'failed', startedAt: finishedAt, finishedAt } });
    // A later window: the markers are not cached with a chart.
    const { status, body } = await metrics(environment, 'chart=cpu&range=24h');
    expect(status).toBe(200);
    expect(body.markers).toEqual([{ time: finishedAt.toISOString(), runId: run.id, kind: 'deploy', revision: 1, result: 'failed' }]);
  });

  it('answers each chart’s own error, not a 500, when Prometheus is down or hangs', async () => {
    // A port that was just free: nothing listens there.
    const closed = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => closed.once('listening', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const down = unique('metrics-down');
    await createEnvironment(down, { namespace: unique('ns-down'), prometheusUrl: `http://127.0.0.1:${closedPort}` });
    const refused = await metrics(down, 'component=wallet-api&range=1h');
    expect(refused.status).toBe(200);
    expect(refused.body.charts).toHaveLength(8);
    for (const chart of refused.body.charts) {
      expect(chart.status).toBe('unavailable');
      expect(chart.error).toBe(`Prometheus at 127.0.0.1:${closedPort} cannot be reached (connection refused)`);
    }
    expect(refused.body.markers).toEqual([]);

    const slow = unique('metrics-slow');
    await createEnvironment(slow, { namespace: unique('ns-slow'), prometheusUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}` });
    const started = Date.now();
    const hung = await metrics(slow, 'chart=memory&range=15m');
    console.log(`hanging Prometheus answered after ${Date.now() - started} ms: ${JSON.stringify(hung.body.charts[0])}`);
    expect(hung.status).toBe(200);
    expect(hung.body.charts[0]).toMatchObject({ chart: 'memory', status: 'unavailable', error: expect.stringMatching(/did not answer within 5 s/) });
  });
});
