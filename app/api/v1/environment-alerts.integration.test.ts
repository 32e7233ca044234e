// GET /environments/{name}/alerts when an operator (who may create and edit unprotected
// environments) points the spec's observability URLs at an internal address that is not a
// Prometheus: the metadata service itself is refused when the spec is saved, and an address the
// spec allows (here a loopback server standing in for one) is never read back to a viewer, which
// V8's JSON SyntaxError would do (it quotes the body's start) if the answer echoed error messages.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { ensureCluster, unique } from '@/lib/test-support/test-deps';
import * as environmentsRoute from './environments/route';
import * as alertsRoute from './environments/[name]/alerts/route';

let server: Server;
let internal = '';

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('ASIAXSECRETACCESSKEY\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  internal = `http://127.0.0.1:${(server.address() as AddressInfo).port}/latest/meta-data/iam/security-credentials/console-role#`;
}, 60_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GET /environments/{name}/alerts with an operator-chosen internal URL', () => {
  it('refuses a spec whose prometheusUrl is the cloud metadata service', async () => {
    const operator = (await tokenFor('operator')).token;
    const name = unique('ssrf');
    const base = starterSpec(name, 'development');
    const spec = { ...base, namespace: unique('ns-ssrf'), observability: { ...base.observability, prometheusUrl: 'http://169.254.169.254/latest/meta-data/#' } };
    const created = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, body: { spec, changeNote: 'metadata service' } });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toContain('observability.prometheusUrl');
  });

  it('never shows a viewer what the internal address answered', async () => {
    const operator = (await tokenFor('operator')).token;
    const viewer = (await tokenFor('viewer')).token;
    const name = unique('ssrf');
    const base = starterSpec(name, 'development');
    const spec = { ...base, namespace: unique('ns-ssrf'), observability: { ...base.observability, prometheusUrl: internal, alertmanagerUrl: internal } };
    const created = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, body: { spec, changeNote: 'internal address' } });
    expect(created.status).toBe(201);
    const { status, body } = await call(alertsRoute.GET, { path: `/api/v1/environments/${name}/alerts`, params: { name }, token: viewer });
    expect(status).toBe(200);
    expect(JSON.stringify(body)).not.toContain('ASIAXSECRE');
    expect(body).toMatchObject({ sources: { prometheus: { ok: false, message: `Prometheus at ${new URL(internal).host} did not answer: not a Prometheus API answer (status 200)` } } });
  });
});
