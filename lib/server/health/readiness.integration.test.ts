// The console's probes (manifests/console points its pods at them): readiness answers 200 with the
// run's Postgres and job queue, 503 naming the database when Postgres is a closed port and naming
// the job queue on a database the migration never reached; liveness reads nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GET as live } from '@/app/api/live/route';
import { GET as ready, POST as postReady } from '@/app/api/ready/route';
import { PostgresReadinessProbe } from '@/lib/adapters/prisma/postgres-readiness-probe';
import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import { getDeps } from '@/lib/server/deps';
import { freePort } from '@/lib/test-support/free-port';
import { type Call, call, configureRouteEnv } from '@/lib/test-support/route-harness';
import { checkReadiness } from './check-readiness';
import { readinessResponse } from './readiness-response';

const opened: Db[] = [];
function databaseAt(url: string): Db {
  const db = createPrismaClient(url);
  opened.push(db);
  return db;
}

beforeAll(() => configureRouteEnv());
afterAll(async () => {
  await Promise.all(opened.map((db) => db.$disconnect()));
});

describe('GET /api/ready', () => {
  it('answers 200 with both checks ok, unauthenticated, against the run database', async () => {
    // The process's pool connects on its first query; on a loaded machine that alone may outlast a check.
    await getDeps().readiness.database();
    const response = await call(ready, { path: '/api/ready' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ready', checks: { database: 'ok', jobQueue: 'ok' } });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 503 naming the database when Postgres is a closed port, and tells nothing of the connection', async () => {
    const url = new URL(inject('databaseUrl'));
    url.hostname = '127.0.0.1';
    url.port = String(await freePort());
    const response = readinessResponse(await checkReadiness(new PostgresReadinessProbe(databaseAt(url.toString()))));
    expect(response.status).toBe(503);
    const text = await response.text();
    const body = JSON.parse(text);
    expect(body.error).toMatchObject({ code: 'unavailable', details: { checks: { database: 'unreachable' } } });
    expect(body.error.message).toMatch(/^not ready: database\b/);
    for (const secret of [url.port, url.username, decodeURIComponent(url.password), url.pathname.slice(1)].filter(Boolean)) expect(text).not.toContain(secret);
  });

  it('answers 503 naming the job queue on a database where pg-boss was never installed', async () => {
    const url = new URL(inject('databaseUrl'));
    url.pathname = '/postgres';
    const report = await checkReadiness(new PostgresReadinessProbe(databaseAt(url.toString())));
    expect(report).toEqual({ ready: false, checks: { database: 'ok', jobQueue: 'not installed' }, failed: ['jobQueue'] });
    expect((await readinessResponse(report).json()).error.message).toBe('not ready: jobQueue');
  });

  it('says which check timed out when one hangs', async () => {
    const hanging = { database: () => new Promise<void>(() => undefined), jobQueue: async () => 'ok' as const };
    expect(await checkReadiness(hanging, 50)).toEqual({ ready: false, checks: { database: 'timed out', jobQueue: 'ok' }, failed: ['database'] });
  });

  it('takes no input: hostile query strings and headers change nothing in its answer', async () => {
    const requests: Call[] = [
      { path: '/api/ready?check=%00&check=database', headers: {} },
      { path: `/api/ready?${'x'.repeat(8000)}=1`, headers: {} },
      { path: '/api/ready', headers: { authorization: 'Bearer not-a-token', cookie: 'next-auth.session-token=forged' } },
    ];
    for (const request of requests) {
      const response = await call(ready, request);
      expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', jobQueue: 'ok' } } });
    }
  });

  it('refuses other methods with the JSON 405', async () => {
    const response = await call(postReady, { method: 'POST', path: '/api/ready', body: {} });
    expect(response.status).toBe(405);
    expect(response.body.error.code).toBe('method_not_allowed');
  });
});

describe('GET /api/live', () => {
  it('answers 200 without reading anything', async () => {
    const response = await call(live, { path: '/api/live' });
    expect(response).toMatchObject({ status: 200, body: { status: 'live' } });
  });
});
