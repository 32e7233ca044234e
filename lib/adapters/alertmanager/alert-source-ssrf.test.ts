// probe (review10-attack): PrometheusAlertSource fetches `${prometheusUrl}/api/v1/alerts` from the
// spec (an operator's input) and answers any viewer with the failure's message. A body that is
// not JSON fails in res.json() with V8's SyntaxError, whose message quotes the body's start
// ("Unexpected token 'A', "AKIAEXAMPL"... is not valid JSON"): with prometheusUrl
// http://169.254.169.254/latest/meta-data/...# that is the metadata service's answer, read back
// through GET /environments/{name}/alerts. It also follows redirects (the Prometheus and Jaeger
// adapters refuse them) and has no shared cache or concurrency limit: every alerts request is
// three outbound calls. Fixed: report status/shape only, redirect: 'error', and reuse
// SharedCache + Semaphore per URL as the metrics and traces adapters do.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusAlertSource } from './prometheus-alert-source';

let server: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url?.startsWith('/redirect')) {
      response.writeHead(302, { location: `${base}/internal-only/api/v1/alerts` }).end();
      return;
    }
    if (request.url?.startsWith('/internal-only')) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { alerts: [] } }));
      return;
    }
    setTimeout(() => response.writeHead(200, { 'content-type': 'text/plain' }).end('AKIAIOSFODNN7EXAMPLE\nsecret-role-name\n'), 50);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('PrometheusAlertSource (probe)', () => {
  it('does not echo a non-Prometheus body to the caller', async () => {
    const answer = await new PrometheusAlertSource().findAlerts({ prometheusUrl: `${base}/latest/meta-data/iam#`, alertmanagerUrl: `${base}/x#` }, 'dev');
    expect(answer.sources.prometheus.ok).toBe(false);
    expect(JSON.stringify(answer.sources)).not.toContain('AKIAIOSFOD');
  });

  it('does not follow a redirect to another address', async () => {
    hits.length = 0;
    await new PrometheusAlertSource().findAlerts({ prometheusUrl: `${base}/redirect`, alertmanagerUrl: `${base}/redirect` }, 'dev');
    expect(hits.filter((hit) => hit.startsWith('/internal-only'))).toEqual([]);
  });

  it('shares one Prometheus request among identical concurrent alert reads', async () => {
    hits.length = 0;
    const source = new PrometheusAlertSource();
    await Promise.all(Array.from({ length: 20 }, () => source.findAlerts({ prometheusUrl: `${base}/p`, alertmanagerUrl: `${base}/a` }, 'dev')));
    expect(hits.filter((hit) => hit.startsWith('/p/')).length).toBeLessThanOrEqual(4);
  });
});
