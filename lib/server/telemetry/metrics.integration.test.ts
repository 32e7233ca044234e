// Metrics of real requests through the API's route wrapper, and the deploy queue's depth read from
// the database when scraped.
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import * as runRoute from '@/app/api/v1/runs/[id]/route';
import { getDeps } from '@/lib/server/deps';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { consoleMetrics, registerQueueDepth } from './metrics';

let viewer: Awaited<ReturnType<typeof tokenFor>>;
beforeAll(async () => {
  configureRouteEnv();
  viewer = await tokenFor('viewer');
});

const countOf = async (labels: Record<'route' | 'method' | 'status', string>) =>
  (await consoleMetrics().httpRequestDuration.get()).values.find(
    (v) => v.metricName === 'console_http_request_duration_seconds_count' && (['route', 'method', 'status'] as const).every((key) => v.labels[key] === labels[key]),
  )?.value ?? 0;

it('an API request increments the latency histogram under its route template and status', async () => {
  const labels = { route: '/api/v1/runs/{id}', method: 'GET', status: '404' };
  const before = await countOf(labels);
  const id = randomUUID();
  expect((await call(runRoute.GET, { path: `/api/v1/runs/${id}`, params: { id }, token: viewer.token })).status).toBe(404);
  expect((await call(runRoute.GET, { path: `/api/v1/runs/${id}`, params: { id } })).status).toBe(401);
  expect(await countOf(labels)).toBe(before + 1);
  expect(await countOf({ ...labels, status: '401' })).toBeGreaterThanOrEqual(1);
  const text = await consoleMetrics().registry.metrics();
  console.log(text.split('\n').filter((line) => line.startsWith('console_http_request_duration_seconds_count')).join('\n'));
  expect(text).not.toContain(id);
});

it('the deploy queue depth is read from the database when scraped', async () => {
  registerQueueDepth(() => getDeps().runs.countActiveRuns());
  const text = await consoleMetrics().registry.metrics();
  const lines = text.split('\n').filter((line) => line.startsWith('console_deploy_queue_depth'));
  console.log(lines.join('\n'));
  expect(lines).toEqual([expect.stringMatching(/^console_deploy_queue_depth\{status="queued"\} \d+$/), expect.stringMatching(/^console_deploy_queue_depth\{status="running"\} \d+$/)]);
});
