// PrometheusMetricsSource against a local server: a Prometheus served under a path prefix (an
// ingress at https://monitoring.example.com/prometheus, --web.route-prefix, the API server's service
// proxy) gets its queries under that prefix, and an answer that is not Prometheus' is not quoted.
// (The local stack's Prometheus: app/api/v1/environment-metrics.integration.test.ts.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxWaitingPerEndpoint } from '../observability/semaphore';
import { PrometheusMetricsSources } from './prometheus-metrics-source';

let server: Server;
let port = 0;
const paths: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    paths.push(request.url ?? '');
    if (request.url?.startsWith('/stalls/')) return; // never answers: holds its slot until the caller's deadline
    if (request.url?.startsWith('/not-prometheus/')) return void response.writeHead(200, { 'content-type': 'text/plain' }).end('AKIAIOSFODNN7EXAMPLE');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('PrometheusMetricsSource', () => {
  it('keeps the path prefix of prometheusUrl', async () => {
    await new PrometheusMetricsSources().forUrl(`http://127.0.0.1:${port}/prometheus`).queryRange({ expr: 'up', start: 0, end: 60, step: 15 });
    expect(paths).toEqual(['/prometheus/api/v1/query_range']);
  });

  it('says an answer is not a Prometheus API answer without quoting it', async () => {
    const error = await new PrometheusMetricsSources()
      .forUrl(`http://127.0.0.1:${port}/not-prometheus`)
      .queryInstant('up')
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(`Prometheus at 127.0.0.1:${port} answered 200, not a Prometheus API answer`);
  });

  it('refuses at once, saying it is busy, beyond the requests one Prometheus may have waiting', async () => {
    const sources = new PrometheusMetricsSources({ timeoutMs: 1000, concurrency: 1, cacheMs: 0 });
    const prometheus = sources.forUrl(`http://127.0.0.1:${port}/stalls`);
    const waiting = Array.from({ length: maxWaitingPerEndpoint + 1 }, (_, i) => prometheus.queryInstant(`q${i}`).catch((e: unknown) => e));
    const refused = await prometheus.queryInstant('one too many').catch((e: unknown) => e);
    expect((refused as Error).message).toBe(`Prometheus at 127.0.0.1:${port} is busy: ${maxWaitingPerEndpoint} requests already wait their turn; try again shortly`);
    await Promise.all(waiting);
  });
});
