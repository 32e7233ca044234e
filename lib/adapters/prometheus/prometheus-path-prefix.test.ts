// probe (review10-attack): PrometheusMetricsSource asks `new URL('/api/v1/query_range', baseUrl)`,
// an absolute path that drops any path in prometheusUrl. A Prometheus served under a prefix (an
// ingress at https://monitoring.example.com/prometheus, --web.route-prefix, the API server's
// service proxy /api/v1/namespaces/monitoring/services/prometheus:9090/proxy) gets every chart
// query at the host's root: 404s, or another app's answer. The Jaeger adapter keeps the prefix and
// the alerts adapter appends to the URL, so the same spec works for alerts and traces but not
// charts. Fixed: resolve `api/v1/...` against the base with a trailing slash, as the Jaeger adapter does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusMetricsSources } from './prometheus-metrics-source';

let server: Server;
let port = 0;
const paths: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    paths.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('PrometheusMetricsSource (probe)', () => {
  it('keeps the path prefix of prometheusUrl', async () => {
    await new PrometheusMetricsSources().forUrl(`http://127.0.0.1:${port}/prometheus`).queryRange({ expr: 'up', start: 0, end: 60, step: 15 });
    expect(paths).toEqual(['/prometheus/api/v1/query_range']);
  });
});
