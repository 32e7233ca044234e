// The console's own metrics: names, bounded labels (route templates, never URLs), and the
// loopback-only listener that serves them.
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { consoleMetrics, observeRequest, routeTemplate } from './metrics';
import { startMetricsServer } from './metrics-server';

it('maps request paths to the route templates of the OpenAPI document, and anything else to one label', () => {
  expect(routeTemplate('/api/v1/plans/7d0c6a0e-1b7e-4a0c-9f51-6d8d5cf3f3a1')).toBe('/api/v1/plans/{id}');
  expect(routeTemplate('/api/v1/environments/dev/revisions/12')).toBe('/api/v1/environments/{name}/revisions/{number}');
  expect(routeTemplate('/api/v1/deploy-targets/release')).toBe('/api/v1/deploy-targets/release');
  expect(routeTemplate('/api/v1/environments')).toBe('/api/v1/environments');
  for (const path of ['/api/v1/no-such/thing', '/wp-admin/setup.php', '/api/v1/plans/x/y/z/w', '/api/v1/plans']) expect(routeTemplate(path)).toBe('unmatched');
});

it('a request observed increments the latency histogram under its template, method and status only', async () => {
  const { registry, httpRequestDuration } = consoleMetrics();
  const before = (await httpRequestDuration.get()).values.find((v) => v.metricName === 'console_http_request_duration_seconds_count' && v.labels.route === '/api/v1/runs/{id}' && v.labels.status === '404')?.value ?? 0;
  const id = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
  observeRequest(new Request(`http://127.0.0.1/api/v1/runs/${id}?user=alice`), 404, process.hrtime.bigint());
  observeRequest(new Request('http://127.0.0.1/api/v1/runs/another-id', { method: 'PROPFIND' }), 404, process.hrtime.bigint());
  const text = await registry.metrics();
  console.log(text.split('\n').filter((line) => line.includes('/api/v1/runs/{id}')).join('\n'));
  expect(text).toContain(`console_http_request_duration_seconds_count{route="/api/v1/runs/{id}",method="GET",status="404"} ${before + 1}`);
  expect(text).toContain('console_http_request_duration_seconds_count{route="/api/v1/runs/{id}",method="OTHER",status="404"} 1');
  expect(text).toContain('console_http_request_duration_seconds_bucket{le="0.005",route="/api/v1/runs/{id}",method="GET",status="404"}');
  expect(text).not.toContain(id);
  expect(text).not.toContain('alice');
  for (const name of ['console_plan_duration_seconds', 'console_deploy_run_duration_seconds', 'console_deploy_wave_duration_seconds', 'console_deploy_runs_total', 'console_process_resident_memory_bytes']) {
    expect(text).toContain(`# TYPE ${name} `);
  }
});

const servers: { close(): void }[] = [];
afterAll(() => servers.forEach((server) => server.close()));

it('serves /metrics on a loopback listener of its own, and nothing else there', async () => {
  const server = await startMetricsServer(0, '127.0.0.1');
  servers.push(server);
  const { address, port } = server.address() as AddressInfo;
  expect(address).toBe('127.0.0.1');
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  expect(await response.text()).toContain('# HELP console_http_request_duration_seconds');
  expect((await fetch(`http://127.0.0.1:${port}/api/v1/environments`)).status).toBe(404);
  expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).toBe(405);
});
