// PrometheusAlertSource against local servers that are not Prometheus: the URLs come from the spec
// (an operator's input) and the sources' messages go to any viewer, so a body that is not an API
// answer is never quoted (V8's JSON SyntaxError would: "Unexpected token 'A', "AKIAEXAMPL"..."),
// redirects are not followed, and identical concurrent reads share one request.
// (The local stack's Prometheus and Alertmanager: prometheus-alert-source.integration.test.ts.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusAlertSource } from './prometheus-alert-source';

let server: Server;
let base = '';
let closedPort = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url?.startsWith('/redirect')) {
      response.writeHead(302, { location: `${base}/internal-only/api/v1/alerts` }).end();
      return;
    }
    if (request.url?.startsWith('/missing')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('AKIAIOSFODNN7EXAMPLE');
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
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('PrometheusAlertSource', () => {
  it('does not echo a non-Prometheus body to the caller', async () => {
    const answer = await new PrometheusAlertSource().findAlerts({ prometheusUrl: `${base}/latest/meta-data/iam#`, alertmanagerUrl: `${base}/x#` }, 'dev');
    expect(answer.sources.prometheus.ok).toBe(false);
    expect(JSON.stringify(answer.sources)).not.toContain('AKIAIOSFOD');
    expect(answer.sources).toEqual({
      prometheus: { ok: false, message: `Prometheus at ${new URL(base).host} did not answer: not a Prometheus API answer (status 200)` },
      alertmanager: { ok: false, message: `Alertmanager at ${new URL(base).host} did not answer: not an Alertmanager API answer (status 200)` },
    });
  });

  it('does not follow a redirect to another address', async () => {
    hits.length = 0;
    const answer = await new PrometheusAlertSource().findAlerts({ prometheusUrl: `${base}/redirect`, alertmanagerUrl: `${base}/redirect` }, 'dev');
    expect(hits.filter((hit) => hit.startsWith('/internal-only'))).toEqual([]);
    expect(answer.sources.prometheus).toEqual({ ok: false, message: `Prometheus at ${new URL(base).host} did not answer: it answered with a redirect, which the console does not follow` });
  });

  it('shares one Prometheus request among identical concurrent alert reads', async () => {
    hits.length = 0;
    const source = new PrometheusAlertSource();
    await Promise.all(Array.from({ length: 20 }, () => source.findAlerts({ prometheusUrl: `${base}/p`, alertmanagerUrl: `${base}/a` }, 'dev')));
    expect(hits.filter((hit) => hit.startsWith('/p/')).length).toBeLessThanOrEqual(4);
  });

  it('asks again once its cache window has passed', async () => {
    hits.length = 0;
    const source = new PrometheusAlertSource({ cacheMs: 100 });
    // A valid (empty) Prometheus answer: failures are never kept.
    const read = () => source.findAlerts({ prometheusUrl: `${base}/internal-only/q`, alertmanagerUrl: `${base}/b` }, 'dev');
    await read();
    await read();
    expect(hits.filter((hit) => hit.startsWith('/internal-only/q/')).length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await read();
    expect(hits.filter((hit) => hit.startsWith('/internal-only/q/')).length).toBe(2);
  });

  it('says what failed in its own words: an error status, a timeout, a refused connection, a metadata address', async () => {
    const slow = await new PrometheusAlertSource({ timeoutMs: 20 }).findAlerts({ prometheusUrl: `${base}/slow`, alertmanagerUrl: `${base}/missing` }, 'dev');
    expect(slow.sources.prometheus).toEqual({ ok: false, message: `Prometheus at ${new URL(base).host} did not answer: timed out` });
    const source = new PrometheusAlertSource();
    const metadata = await source.findAlerts({ prometheusUrl: 'http://169.254.169.254/latest/meta-data#', alertmanagerUrl: `${base}/missing` }, 'dev');
    expect(metadata.sources).toEqual({
      prometheus: { ok: false, message: expect.stringMatching(/^Prometheus at 169\.254\.169\.254 did not answer: the console does not connect there: 169\.254\.169\.254 is in 169\.254\.0\.0\/16/) },
      alertmanager: { ok: false, message: `Alertmanager at ${new URL(base).host} did not answer: answered 404` },
    });
    const refused = await source.findAlerts({ prometheusUrl: `${base}/missing`, alertmanagerUrl: `http://127.0.0.1:${closedPort}` }, 'dev');
    expect(refused.sources.alertmanager).toEqual({ ok: false, message: `Alertmanager at 127.0.0.1:${closedPort} did not answer: connection refused` });
  });
});
