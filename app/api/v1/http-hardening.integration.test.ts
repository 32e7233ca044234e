import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { call, configureRouteEnv, harnessOrigin, tokenFor } from '@/lib/test-support/route-harness';
import { getDeps } from '@/lib/server/deps';
import { ensureCluster, unique } from '@/lib/test-support/test-deps';
import * as auditRoute from './audit-events/route';
import * as environmentsRoute from './environments/route';

// The HTTP edge over real route handlers and the run's database: which browser writes are let in,
// and whose request id the audit trail keeps.

let operatorCookie: string;
let operatorToken: string;
let adminToken: string;
let db: pg.Client;

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  const [operator, admin] = await Promise.all([tokenFor('operator'), tokenFor('admin')]);
  [operatorCookie, operatorToken, adminToken] = [operator.cookie, operator.token, admin.token];
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
});
afterAll(() => db.end());

function createAs(credentials: { cookie?: string; token?: string }, headers: Record<string, string> = {}, origin?: string | null) {
  const name = unique('edge');
  const request = { method: 'POST', path: '/api/v1/environments', body: { spec: starterSpec(name, 'development') }, headers, origin, ...credentials };
  return { name, response: call(environmentsRoute.POST, request) };
}

async function environmentExists(name: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM environments WHERE name = $1', [name]);
  return rowCount === 1;
}

describe('cookie-authenticated writes', () => {
  it('are refused with neither Origin nor Sec-Fetch-Site, as 403 JSON, writing nothing', async () => {
    const { name, response } = createAs({ cookie: operatorCookie }, {}, null);
    const answer = await response;
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('Origin header, or Sec-Fetch-Site: same-origin') });
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(await environmentExists(name)).toBe(false);
  });

  it('are accepted from the console origin, or without Origin when Sec-Fetch-Site is same-origin', async () => {
    const fromOrigin = createAs({ cookie: operatorCookie }, {}, harnessOrigin);
    expect((await fromOrigin.response).status).toBe(201);
    const fromFetchMetadata = createAs({ cookie: operatorCookie }, { 'sec-fetch-site': 'same-origin' }, null);
    expect((await fromFetchMetadata.response).status).toBe(201);
    expect(await environmentExists(fromFetchMetadata.name)).toBe(true);
  });

  it('are refused from another site, by Origin or by Sec-Fetch-Site', async () => {
    for (const [headers, origin] of [
      [{}, 'https://attacker.example'],
      [{}, 'null'],
      [{ 'sec-fetch-site': 'cross-site' }, null],
      [{ 'sec-fetch-site': 'same-site' }, null],
      [{ 'sec-fetch-site': 'none' }, null],
      // Fetch metadata does not outvote a foreign Origin.
      [{ 'sec-fetch-site': 'same-origin' }, 'https://attacker.example'],
    ] as const) {
      const { name, response } = createAs({ cookie: operatorCookie }, headers, origin);
      expect({ headers, origin, status: (await response).status }).toEqual({ headers, origin, status: 403 });
      expect(await environmentExists(name)).toBe(false);
    }
  });

  it('ignore X-Forwarded-Host unless TRUSTED_PROXIES says a proxy sets it', async () => {
    const forwarded = { 'x-forwarded-host': 'console.example.com', 'x-forwarded-proto': 'https' };
    const untrusted = createAs({ cookie: operatorCookie }, forwarded, 'https://console.example.com');
    expect((await untrusted.response).status).toBe(403);
    expect(await environmentExists(untrusted.name)).toBe(false);

    // Settings are read once per process: load the route afresh with the proxy trusted.
    process.env.TRUSTED_PROXIES = 'true';
    vi.resetModules();
    try {
      const trustedRoute = await import('./environments/route');
      const name = unique('edge');
      const trusted = await call(trustedRoute.POST, { method: 'POST', path: '/api/v1/environments', cookie: operatorCookie, headers: forwarded, origin: 'https://console.example.com', body: { spec: starterSpec(name, 'development') } });
      expect(trusted.status).toBe(201);
      // Trusted or not, the forwarded host must be the one the browser's Origin names.
      const elsewhere = await call(trustedRoute.POST, { method: 'POST', path: '/api/v1/environments', cookie: operatorCookie, headers: forwarded, origin: 'https://attacker.example', body: { spec: starterSpec(unique('edge'), 'development') } });
      expect(elsewhere.status).toBe(403);
    } finally {
      delete process.env.TRUSTED_PROXIES;
      vi.resetModules();
    }
  });

  it('do not concern API tokens, which browsers never send on their own', async () => {
    const { response } = createAs({ token: operatorToken }, {}, null);
    expect((await response).status).toBe(201);
  });
});

describe('request ids', () => {
  async function auditOf(name: string) {
    const page = await call(auditRoute.GET, { path: `/api/v1/audit-events?target=${name}`, token: adminToken });
    expect(page.status).toBe(200);
    return page.body.items as Array<{ action: string; requestId: string; correlationId: string | null }>;
  }

  it('are made by the server; a caller’s X-Request-Id is echoed and stored only as the correlation id', async () => {
    const callerId = `caller-${randomUUID()}`;
    const { name, response } = createAs({ token: operatorToken }, { 'x-request-id': callerId });
    const answer = await response;
    expect(answer.status).toBe(201);
    const requestId = answer.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(requestId).not.toBe(callerId);
    expect(answer.headers.get('x-correlation-id')).toBe(callerId);
    expect(await auditOf(name)).toEqual([expect.objectContaining({ action: 'environment.created', requestId, correlationId: callerId })]);
  });

  it('are never reused: two requests sending the same X-Request-Id get two audit request ids', async () => {
    const callerId = 'replayed-id';
    const first = createAs({ token: operatorToken }, { 'x-request-id': callerId });
    const second = createAs({ token: operatorToken }, { 'x-request-id': callerId });
    const [a, b] = [await first.response, await second.response];
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
    expect((await auditOf(first.name))[0]!.requestId).toBe(a.headers.get('x-request-id'));
    expect((await auditOf(second.name))[0]!.requestId).toBe(b.headers.get('x-request-id'));
  });

  it('drop a malformed or oversized X-Request-Id instead of storing it, also on errors', async () => {
    for (const sent of ['x'.repeat(129), 'has spaces in it', '<script>', '"quoted"']) {
      const { name, response } = createAs({ token: operatorToken }, { 'x-request-id': sent });
      const answer = await response;
      expect(answer.status).toBe(201);
      expect(answer.headers.get('x-correlation-id')).toBeNull();
      expect((await auditOf(name))[0]).toMatchObject({ requestId: answer.headers.get('x-request-id'), correlationId: null });
    }
    const refused = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', headers: { 'x-request-id': 'on-error-1' }, body: {} });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused.headers.get('x-correlation-id')).toBe('on-error-1');
  });

  it('are bounded by the database too: a correlation id over 128 characters is refused', async () => {
    const insert = (correlationId: string) =>
      db.query(
        `INSERT INTO audit_events (id, actor_label, action, target_type, target_name, request_id, correlation_id, summary)
         VALUES ($1, 'system', 'test.bound', 'environment', 'bound-test', $2, $3, 'bound test')`,
        [randomUUID(), randomUUID(), correlationId],
      );
    await expect(insert('c'.repeat(129))).rejects.toThrow(/audit_events_correlation_id_length/);
    await expect(insert('c'.repeat(128))).resolves.toBeTruthy();
  });
});
