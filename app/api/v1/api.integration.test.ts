import pg from 'pg';
import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { apiTokenSchema, environmentSummarySchema, errorBodySchema, pageOf, revisionSchema, revisionSummarySchema } from '@/lib/core/contract/responses';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { configureRouteEnv, call, tokenFor } from '@/lib/test-support/route-harness';
import { getDeps } from '@/lib/server/deps';
import { ensureCluster, unique } from '@/lib/test-support/test-deps';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { holdTestbed } from '@/lib/test-support/testbed-registrations';
import * as connectionTestRoute from './clusters/[name]/connection-test/route';
import * as clusterRoute from './clusters/[name]/route';
import * as clustersRoute from './clusters/route';
import * as diffRoute from './environments/[name]/diff/route';
import * as environmentRoute from './environments/[name]/route';
import * as environmentsRoute from './environments/route';
import * as revisionsRoute from './environments/[name]/revisions/route';
import * as openapiRoute from './openapi.json/route';
import * as tokenRoute from './tokens/[id]/route';
import * as tokensRoute from './tokens/route';

let operator: string;
let viewer: string;
let viewerSession: string;
let admin: string;

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  const [o, v, a] = await Promise.all([tokenFor('operator'), tokenFor('viewer'), tokenFor('admin')]);
  [operator, viewer, viewerSession, admin] = [o!.token, v!.token, v!.cookie, a!.token];
});

async function createDev(name = unique('api')) {
  const response = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, body: { spec: starterSpec(name, 'development'), changeNote: 'created in test' } });
  expect(response.status).toBe(201);
  return name;
}

describe('REST API: environments', () => {
  it('creates, reads with an ETag, updates with If-Match, lists revisions and diffs', async () => {
    const name = await createDev();
    const got = await call(environmentRoute.GET, { path: `/api/v1/environments/${name}`, params: { name }, token: viewer });
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    const spec = got.body.spec;
    spec.components['wallet-api'].replicas = 2;
    const put = await call(environmentRoute.PUT, { method: 'PUT', path: `/api/v1/environments/${name}`, params: { name }, token: operator, headers: { 'if-match': '"1"' }, body: { spec, changeNote: 'two wallets' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name, revision: 2, changeNote: 'two wallets' });
    const revisions = await call(revisionsRoute.GET, { path: `/api/v1/environments/${name}/revisions?limit=1`, params: { name }, token: viewer });
    expect(revisions.body.items.map((r: { revision: number }) => r.revision)).toEqual([2]);
    expect(revisions.body.nextCursor).toBe('2');
    const diff = await call(diffRoute.GET, { path: `/api/v1/environments/${name}/diff?from=1&to=2`, params: { name }, token: viewer });
    expect(diff.body.changes).toEqual([{ path: 'components.wallet-api.replicas', kind: 'changed', before: 1, after: 2 }]);
  });

  it('answers a stale If-Match with 409 and what changed, a missing one with 428', async () => {
    const name = await createDev();
    const spec = starterSpec(name, 'development');
    spec.components['identity-service'].replicas = 2;
    await call(environmentRoute.PUT, { method: 'PUT', path: `/api/v1/environments/${name}`, params: { name }, token: operator, headers: { 'if-match': '1' }, body: { spec, changeNote: 'first edit' } });
    const stale = await call(environmentRoute.PUT, { method: 'PUT', path: `/api/v1/environments/${name}`, params: { name }, token: operator, headers: { 'if-match': '"1"' }, body: { spec: starterSpec(name, 'development'), changeNote: 'stale edit' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', details: { currentRevision: 2, changes: [{ path: 'components.identity-service.replicas', before: 1, after: 2 }] } });
    const missing = await call(environmentRoute.PUT, { method: 'PUT', path: `/api/v1/environments/${name}`, params: { name }, token: operator, body: { spec, changeNote: 'no base' } });
    expect(missing.status).toBe(428);
    expect(missing.body.error.code).toBe('precondition_required');
  });

  it('answers bad input with 400 and field paths, losing nothing', async () => {
    const spec = starterSpec(unique('bad'), 'development') as any;
    spec.components['wallet-api'].replicas = 'three';
    spec.components['wallet-api'].resources.limits.cpu = '100m';
    const wrongTypes = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, body: { spec, changeNote: 'x' } });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.body.error.code).toBe('invalid_input');
    expect(wrongTypes.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'spec.components.wallet-api.replicas',
      'spec.components.wallet-api.resources.limits.cpu',
    ]);

    const unknownField = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, body: { spec: starterSpec(unique('u'), 'development'), changeNote: 'x', force: true } });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body.error.details)).toContain('force');

    const malformed = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, headers: { 'content-type': 'application/json' }, rawBody: '{"spec": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toBe('the body is not valid JSON');

    const notJson = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, headers: { 'content-type': 'text/plain' }, rawBody: 'name=dev' });
    expect(notJson.status).toBe(415);

    const huge = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');

    const badQuery = await call(environmentsRoute.GET, { path: '/api/v1/environments?limit=100000&sort=name', token: viewer });
    expect(badQuery.status).toBe(400);
  });

  it('answers a duplicate name with 409 and keeps injection-looking text literally', async () => {
    const name = await createDev();
    const duplicate = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, body: { spec: starterSpec(name, 'development'), changeNote: 'again' } });
    expect(duplicate.status).toBe(409);
    const injected = unique('inj');
    const note = "Robert'); DROP TABLE users;-- <img src=x onerror=alert(1)>";
    await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, body: { spec: starterSpec(injected, 'development'), changeNote: note } });
    const stored = await call(environmentRoute.GET, { path: `/api/v1/environments/${injected}`, params: { name: injected }, token: viewer });
    expect(stored.body.changeNote).toBe(note);
    const sqlName = await call(environmentRoute.GET, { path: "/api/v1/environments/x' OR '1'='1", params: { name: "x' OR '1'='1" }, token: viewer });
    expect(sqlName.status).toBe(404);
  });

  it('refuses anonymous, malformed, unknown, revoked and expired tokens with 401', async () => {
    expect((await call(environmentsRoute.GET, { path: '/api/v1/environments' })).status).toBe(401);
    const malformed = await call(environmentsRoute.GET, { path: '/api/v1/environments', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get('www-authenticate')).toContain('Bearer');
    expect((await call(environmentsRoute.GET, { path: '/api/v1/environments', token: `ppc_${'A'.repeat(43)}` })).status).toBe(401);

    const created = await call(tokensRoute.POST, { method: 'POST', path: '/api/v1/tokens', cookie: viewerSession, body: { name: 'short-lived' } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^ppc_/);
    expect((await call(environmentsRoute.GET, { path: '/api/v1/environments', token: created.body.secret })).status).toBe(200);
    const revoked = await call(tokenRoute.DELETE, { method: 'DELETE', path: `/api/v1/tokens/${created.body.id}`, params: { id: created.body.id }, token: viewer });
    expect(revoked.status).toBe(200);
    expect((await call(environmentsRoute.GET, { path: '/api/v1/environments', token: created.body.secret })).status).toBe(401);

    const expiring = await call(tokensRoute.POST, { method: 'POST', path: '/api/v1/tokens', cookie: viewerSession, body: { name: 'expiring' } });
    const db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    await db.query("UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1", [expiring.body.id]);
    await db.end();
    const expired = await call(environmentsRoute.GET, { path: '/api/v1/environments', token: expiring.body.secret });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain('expired');
  });

  it('lets tokens be made from a session only, never from another token', async () => {
    const minted = await call(tokensRoute.POST, { method: 'POST', path: '/api/v1/tokens', token: viewer, body: { name: 'from a token' } });
    expect(minted.status).toBe(403);
    expect(minted.body.error.message).toContain('session');
  });

  it('answers anonymous callers 401 before looking at the request, and survives odd cookies and If-Match values', async () => {
    const anonymousPut = await call(environmentRoute.PUT, { method: 'PUT', path: '/api/v1/environments/dev', params: { name: 'dev' }, headers: { 'content-type': 'text/plain' }, rawBody: 'x' });
    expect(anonymousPut.status).toBe(401);
    const oddCookie = await call(environmentsRoute.GET, { path: '/api/v1/environments', cookie: 'grafana_session=%ZZ; other=%E0%A4%A' });
    expect(oddCookie.status).toBe(401);
    const name = await createDev();
    const huge = await call(environmentRoute.PUT, { method: 'PUT', path: `/api/v1/environments/${name}`, params: { name }, token: operator, headers: { 'if-match': '"9999999999"' }, body: { spec: starterSpec(name, 'development'), changeNote: 'x' } });
    expect(huge.status).toBe(400);
    const revoke = await call(tokensRoute.POST, { method: 'POST', path: '/api/v1/tokens', cookie: viewerSession, body: { name: 'twice' } });
    for (const _ of [1, 2]) {
      const revoked = await call(tokenRoute.DELETE, { method: 'DELETE', path: `/api/v1/tokens/${revoke.body.id}`, params: { id: revoke.body.id }, cookie: viewerSession });
      expect(revoked.status).toBe(200);
    }
    const db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    const { rows } = await db.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'api-token.revoked' AND target_name = $1", [revoke.body.id]);
    await db.end();
    expect(rows[0].n).toBe(1);
  });

  it('never lists or reveals token secrets, and a token acts with its owner\'s role', async () => {
    const listed = await call(tokensRoute.GET, { path: '/api/v1/tokens', token: viewer });
    expect(JSON.stringify(listed.body)).not.toContain(viewer);
    expect(listed.body.items.every((t: Record<string, unknown>) => !('secret' in t) && !('tokenHash' in t))).toBe(true);
    const refused = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: viewer, body: { spec: starterSpec(unique('v'), 'development') } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('operator');
  });
});

describe('REST API: clusters', () => {
  // Registrations run a connection test against the running testbed (stack.sh up kube), each
  // registering it afresh: one cluster, one registration.
  const testbed = testbedCluster('testbed');
  const testbedRegistrations = holdTestbed();
  beforeEach(() => testbedRegistrations.forget());
  const token = testbed.credential.kind === 'token' ? testbed.credential.token : '';

  it('encrypts credentials at rest and never returns them', async () => {
    const name = unique('cl');
    const created = await call(clustersRoute.POST, { method: 'POST', path: '/api/v1/clusters', token: admin, body: { ...testbed, name } });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(token);
    const listed = await call(clustersRoute.GET, { path: '/api/v1/clusters', token: admin });
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(listed.body.items.find((c: { name: string }) => c.name === name)).toMatchObject({ credentialKind: 'token' });

    const db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    const { rows } = await db.query('SELECT credential_ciphertext, credential_key_id FROM clusters WHERE name = $1', [name]);
    await db.end();
    expect(rows[0].credential_key_id).toBe('t1');
    expect(Buffer.from(rows[0].credential_ciphertext).includes(Buffer.from(token))).toBe(false);

    const rotated = await call(clusterRoute.PUT, { method: 'PUT', path: `/api/v1/clusters/${name}`, params: { name }, token: admin, body: { apiServerUrl: testbed.apiServerUrl, caBundle: testbed.caBundle, credential: testbed.credential } });
    expect(rotated.status).toBe(200);
  });

  it('answers a registration with the connection test, and re-tests on demand', async () => {
    const name = unique('cl');
    const created = await call(clustersRoute.POST, { method: 'POST', path: '/api/v1/clusters', token: admin, body: { ...testbed, name } });
    expect(created.body.connectionTest).toMatchObject({ identity: { username: 'system:serviceaccount:personapass-system:personapass-console' }, namespaces: [], needed: [] });
    expect(created.body.connectionTest.broader.every((answer: { allowed: boolean }) => !answer.allowed)).toBe(true);
    const retested = await call(connectionTestRoute.POST, { method: 'POST', path: `/api/v1/clusters/${name}/connection-test`, params: { name }, token: admin });
    expect(retested.status).toBe(200);
    expect(retested.body.identity).toEqual(created.body.connectionTest.identity);
  });

  it.each([
    ['a wrong CA', { caBundle: '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----' }, 400, 'invalid_input', 'caBundle'],
    ['a refused token', { credential: { kind: 'token', token: 'not-a-real-token-at-all' } }, 400, 'invalid_input', 'credential'],
    ['an unreachable API server', { apiServerUrl: 'https://127.0.0.1:9' }, 503, 'unavailable', undefined],
  ])('refuses %s with a clear JSON error and saves nothing', async (_case, change, status, code, path) => {
    const name = unique('cl');
    const refused = await call(clustersRoute.POST, { method: 'POST', path: '/api/v1/clusters', token: admin, body: { ...testbed, name, ...change } });
    expect(refused.status).toBe(status);
    expect(refused.body.error).toMatchObject({ code, message: expect.stringContaining(`cluster ${name}`) });
    expect(JSON.stringify(refused.body)).not.toMatch(/\bat .+\.(js|ts):\d+/);
    if (path) expect(refused.body.error.details.issues[0].path).toBe(path);
    expect((await call(clusterRoute.GET, { path: `/api/v1/clusters/${name}`, params: { name }, token: admin })).status).toBe(404);
  });

  it('refuses a new API server URL without the credential (400 on credential)', async () => {
    const name = unique('cl');
    await call(clustersRoute.POST, { method: 'POST', path: '/api/v1/clusters', token: admin, body: { ...testbed, name } });
    const moved = await call(clusterRoute.PUT, { method: 'PUT', path: `/api/v1/clusters/${name}`, params: { name }, token: admin, body: { apiServerUrl: 'https://10.0.0.1:6443', caBundle: testbed.caBundle } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details.issues).toEqual([{ path: 'credential', message: 'required when the API server URL changes' }]);
  });

  it('refuses non-admins and plain-http API servers', async () => {
    const refused = await call(clustersRoute.GET, { path: '/api/v1/clusters', token: operator });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('admin');
    const insecure = await call(clustersRoute.POST, { method: 'POST', path: '/api/v1/clusters', token: admin, body: { ...testbed, name: unique('cl'), apiServerUrl: 'http://10.0.0.1' } });
    expect(insecure.status).toBe(400);
    expect(insecure.body.error.details.issues[0].path).toBe('apiServerUrl');
  });
});

describe('OpenAPI', () => {
  it('describes every v1 path from the zod schemas', async () => {
    const response = await call(openapiRoute.GET, { path: '/api/v1/openapi.json' });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/environments', '/environments/{name}', '/clusters', '/tokens']));
    const create = response.body.components.schemas.CreateEnvironment;
    expect(create.properties.spec.properties.tier.enum).toEqual(['development', 'staging', 'production']);
    expect(create.additionalProperties).toBe(false);
    // The closed error vocabulary, and the answers every route may give.
    expect(response.body.components.schemas.Error.properties.error.properties.code.enum).toEqual(expect.arrayContaining(['invalid_input', 'method_not_allowed', 'plan_stale', 'internal']));
    for (const [path, operations] of Object.entries(response.body.paths as Record<string, Record<string, { responses: object }>>)) {
      for (const [method, operation] of Object.entries(operations)) expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['405', '500']));
    }
  });
});

describe('the shared contract', () => {
  it('is what the API really answers (the schemas the browser and the OpenAPI document use)', async () => {
    const name = await createDev();
    const revision = await call(environmentRoute.GET, { path: `/api/v1/environments/${name}`, params: { name }, token: viewer });
    expect(revisionSchema.safeParse(revision.body).error).toBeUndefined();
    const list = await call(environmentsRoute.GET, { path: '/api/v1/environments', token: viewer });
    expect(pageOf(environmentSummarySchema).safeParse(list.body).error).toBeUndefined();
    const revisions = await call(revisionsRoute.GET, { path: `/api/v1/environments/${name}/revisions`, params: { name }, token: viewer });
    expect(pageOf(revisionSummarySchema).strict().safeParse(revisions.body).error).toBeUndefined();
    const tokens = await call(tokensRoute.GET, { path: '/api/v1/tokens', token: viewer });
    expect(z.object({ items: z.array(apiTokenSchema.strict()) }).safeParse(tokens.body).error).toBeUndefined();
    const refused = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: viewer, body: {} });
    expect(errorBodySchema.safeParse(refused.body).error).toBeUndefined();
  });
});
