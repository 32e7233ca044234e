import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { call, configureRouteEnv, tokenFor, type Call, type Handler } from '@/lib/test-support/route-harness';
import { ensureCluster, testCaBundle, unique } from '@/lib/test-support/test-deps';

// A black-box hostile-input suite over every route: each request is answered with the JSON error
// shape and the right status, never a stack trace, and nothing is written (row counts of every table
// are the same before and after the whole suite).

type Attack = { label: string; route: string; request: Omit<Call, 'token' | 'cookie'>; status: number; code?: string };

let admin: Awaited<ReturnType<typeof tokenFor>>;
let db: pg.Client;
const existing = { environment: '', cluster: '', userId: '', tokenId: '', unreachableEnvironment: '' };
const modules: Record<string, Record<string, Handler>> = {};
const tables = ['users', 'environments', 'environment_revisions', 'deploy_targets', 'audit_events', 'api_tokens', 'clusters', 'plans', 'plan_objects', 'approvals', 'deploy_runs', 'deploy_run_events', 'inventory', 'idempotency_keys', 'status_links', 'webhooks', 'webhook_deliveries', 'drift_checks'];

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  return counts;
}

const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, rawBody: typeof value === 'string' ? value : JSON.stringify(value) });
const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
// "prod" with a Cyrillic о, a name with a zero-width joiner, a right-to-left override, full-width letters.
const confusableNames = ['prоd', 'de\u200dv', 'stag\u202eing', 'ｐｒｏｄ', 'PROD', 'prod ', '-prod', 'a'.repeat(64)];

/** Bodies that must be refused by any endpoint reading JSON, whatever it expects. */
function bodyAttacks(route: string, base: Omit<Call, 'token' | 'cookie'>, valid: unknown): Attack[] {
  const attack = (label: string, extra: Partial<Call>, status: number, code?: string): Attack => ({
    label,
    route,
    request: { ...base, ...extra, headers: { ...base.headers, ...extra.headers } },
    status,
    code,
  });
  const withProto = `{"__proto__":{"role":"admin"},${JSON.stringify(valid).slice(1)}`;
  return [
    attack('malformed JSON', json('{"spec": '), 400, 'invalid_input'),
    attack('trailing garbage', json(`${JSON.stringify(valid)} x`), 400, 'invalid_input'),
    attack('an array instead of an object', json([valid]), 400, 'invalid_input'),
    attack('a string', json('"hello"'), 400, 'invalid_input'),
    attack('null', json('null'), 400, 'invalid_input'),
    attack('a huge number', json('1e400'), 400, 'invalid_input'),
    attack('arrays nested 100 000 deep', json(deep(100_000)), 400, 'invalid_input'),
    attack('objects nested 5 000 deep', json(deepObject(5_000)), 400, 'invalid_input'),
    attack('a __proto__ key', json(withProto), 400, 'invalid_input'),
    attack('a constructor.prototype key', json({ ...(valid as object), constructor: { prototype: { role: 'admin' } } }), 400, 'invalid_input'),
    attack('form encoding', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: 'name=x' }, 415, 'unsupported_media_type'),
    attack('no content type', { headers: {}, rawBody: JSON.stringify(valid) }, 415, 'unsupported_media_type'),
    attack('a body over 1 MB', json({ pad: 'x'.repeat(1024 * 1024 + 1) }), 413, 'payload_too_large'),
    attack('a lying Content-Length', { headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) }, rawBody: '{}' }, 413, 'payload_too_large'),
    attack('invalid UTF-8', { headers: { 'content-type': 'application/json' }, rawBody: '{"name":"\udc00"}' }, 400, 'invalid_input'),
  ];
}

function attacks(): Attack[] {
  const spec = starterSpec(unique('hostile'), 'development');
  const name = existing.environment;
  const list: Attack[] = [
    ...bodyAttacks('POST /environments', { method: 'POST', path: '/api/v1/environments' }, { spec }),
    ...bodyAttacks('PUT /environments/[name]', { method: 'PUT', path: `/api/v1/environments/${name}`, params: { name }, headers: { 'if-match': '"1"' } }, { spec: { ...spec, name }, changeNote: 'x' }),
    ...bodyAttacks('POST /environments/[name]/clone', { method: 'POST', path: `/api/v1/environments/${name}/clone`, params: { name } }, { name: unique('c') }),
    ...bodyAttacks('POST /clusters', { method: 'POST', path: '/api/v1/clusters' }, { name: unique('k'), apiServerUrl: 'https://127.0.0.1:1', caBundle: testCaBundle, credential: { kind: 'token', token: 'x'.repeat(20) } }),
    ...bodyAttacks('PUT /clusters/[name]', { method: 'PUT', path: `/api/v1/clusters/${existing.cluster}`, params: { name: existing.cluster } }, { apiServerUrl: 'https://127.0.0.1:1', caBundle: testCaBundle }),
    ...bodyAttacks('POST /users/[id]/disable', { method: 'POST', path: `/api/v1/users/${existing.userId}/disable`, params: { id: existing.userId } }, { reason: 'x' }),
  ];
  const route = (label: string, routeKey: string, request: Omit<Call, 'token' | 'cookie'>, status: number, code?: string) => list.push({ label, route: routeKey, request, status, code });

  // Wrong types and out-of-range values in otherwise well-formed specs.
  const mutate = (change: (value: any) => void) => {
    const copy: any = structuredClone(spec);
    copy.name = unique('hostile');
    copy.namespace = `personapass-${copy.name}`;
    change(copy);
    return { method: 'POST', path: '/api/v1/environments', body: { spec: copy } };
  };
  route('replicas as a string', 'POST /environments', mutate((s) => (s.components['wallet-api'].replicas = '3')), 400, 'invalid_input');
  route('replicas of 1e308', 'POST /environments', mutate((s) => (s.components['wallet-api'].replicas = 1e308)), 400, 'invalid_input');
  route('negative replicas', 'POST /environments', mutate((s) => (s.components['wallet-api'].replicas = -1)), 400, 'invalid_input');
  route('fractional replicas', 'POST /environments', mutate((s) => (s.components['wallet-api'].replicas = 1.5)), 400, 'invalid_input');
  route('a CPU of a million cores', 'POST /environments', mutate((s) => (s.components['wallet-api'].resources.limits.cpu = '1000000')), 400, 'invalid_input');
  route('memory of 1e30 bytes', 'POST /environments', mutate((s) => (s.components['wallet-api'].resources.limits.memory = '1e30')), 400, 'invalid_input');
  route('a sampling ratio above 1', 'POST /environments', mutate((s) => (s.toggles.tracingSamplingRatio = 2)), 400, 'invalid_input');
  route('an object where a boolean goes', 'POST /environments', mutate((s) => (s.toggles.mtlsStrict = { value: true })), 400, 'invalid_input');
  route('credentials in an observability URL', 'POST /environments', mutate((s) => (s.observability.prometheusUrl = 'https://user:secret@prometheus.example')), 400, 'invalid_input');
  route('a javascript: URL', 'POST /environments', mutate((s) => (s.observability.grafanaUrl = 'javascript:alert(1)')), 400, 'invalid_input');
  route('an unknown field deep inside', 'POST /environments', mutate((s) => (s.components['wallet-api'].privileged = true)), 400, 'invalid_input');
  route('a 10 000-element dashboard list', 'POST /environments', mutate((s) => (s.observability.grafanaDashboardIds = Array.from({ length: 10_000 }, (_, i) => `d${i}`))), 400, 'invalid_input');
  for (const confusable of confusableNames) {
    route(`the name ${JSON.stringify(confusable)}`, 'POST /environments', mutate((s) => (s.name = confusable)), 400, 'invalid_input');
  }
  route('a namespace of kube-system look-alike', 'POST /environments', mutate((s) => (s.namespace = 'kube-systеm')), 400, 'invalid_input');
  route('a rename through PUT', 'PUT /environments/[name]', { method: 'PUT', path: `/api/v1/environments/${name}`, params: { name }, headers: { 'if-match': '"1"' }, body: { spec, changeNote: 'x' } }, 400, 'invalid_input');

  // Headers.
  for (const ifMatch of ['*', '"1", "2"', '"-1"', '"1e3"', 'W/"abc"', '"99999999999"', '"0x1"']) {
    route(`If-Match ${ifMatch}`, 'PUT /environments/[name]', { method: 'PUT', path: `/api/v1/environments/${name}`, params: { name }, headers: { 'if-match': ifMatch }, body: { spec: { ...spec, name }, changeNote: 'x' } }, 400, 'invalid_input');
  }
  route('no If-Match', 'PUT /environments/[name]', { method: 'PUT', path: `/api/v1/environments/${name}`, params: { name }, body: { spec: { ...spec, name }, changeNote: 'x' } }, 428, 'precondition_required');
  route('a charset that is not UTF-8', 'POST /environments', { method: 'POST', path: '/api/v1/environments', headers: { 'content-type': 'application/json; charset=utf-7' }, rawBody: '{}' }, 400, 'invalid_input');

  // Path parameters.
  for (const id of ['not-a-uuid', '00000000-0000-0000-0000-00000000000g', "1' OR '1'='1", 'x'.repeat(5000), '../../etc/passwd']) {
    route(`user id ${id.slice(0, 20)}`, 'GET /users/[id]', { path: `/api/v1/users/${encodeURIComponent(id)}`, params: { id } }, 400, 'invalid_input');
    route(`token id ${id.slice(0, 20)}`, 'DELETE /tokens/[id]', { method: 'DELETE', path: `/api/v1/tokens/${encodeURIComponent(id)}`, params: { id } }, 400, 'invalid_input');
  }
  // Status links: bodies, labels, expiries, ids; the token is the server's to make.
  const statusLinks = { method: 'POST', path: `/api/v1/environments/${name}/status-links`, params: { name } };
  list.push(...bodyAttacks('POST /environments/[name]/status-links', statusLinks, { label: 'x' }));
  for (const body of [{ label: '' }, { label: 'x'.repeat(81) }, { label: 'x', expiresInDays: 0 }, { label: 'x', expiresInDays: 366 }, { label: 'x', expiresInDays: '7' }, { label: 'x', token: 'pps_chosen' }, { label: 'x', tokenHash: '0'.repeat(64) }, { label: ['x'] }]) {
    route(`a status link ${JSON.stringify(body).slice(0, 40)}`, 'POST /environments/[name]/status-links', { ...statusLinks, body }, 400, 'invalid_input');
  }
  for (const id of ['not-a-uuid', "1' OR '1'='1", '../../etc/passwd', 'x'.repeat(5000)]) {
    route(`status link id ${id.slice(0, 20)}`, 'DELETE /environments/[name]/status-links/[id]', { method: 'DELETE', path: `/api/v1/environments/${name}/status-links/${encodeURIComponent(id)}`, params: { name, id } }, 400, 'invalid_input');
  }
  route('revoking a status link nobody made', 'DELETE /environments/[name]/status-links/[id]', { method: 'DELETE', path: `/api/v1/environments/${name}/status-links/00000000-0000-4000-8000-000000000000`, params: { name, id: '00000000-0000-4000-8000-000000000000' } }, 404, 'not_found');
  // Webhooks: bodies, names, URLs (refused addresses among them: no private access in these tests), formats, events, ids; the secret is the server's to make.
  const webhooks = { method: 'POST', path: `/api/v1/environments/${name}/webhooks`, params: { name } };
  const hook = { name: 'x', url: 'https://203.0.113.10/hook', format: 'generic' };
  list.push(...bodyAttacks('POST /environments/[name]/webhooks', webhooks, hook));
  for (const body of [
    { ...hook, name: '' },
    { ...hook, name: 'x'.repeat(81) },
    { ...hook, url: 'ftp://203.0.113.10/hook' },
    { ...hook, url: 'https://user:pw@203.0.113.10/hook' },
    { ...hook, url: `https://203.0.113.10/${'x'.repeat(3000)}` },
    { ...hook, url: 'http://169.254.169.254/latest/meta-data' },
    { ...hook, url: 'http://10.0.0.1/hook' },
    { ...hook, url: 'http://192.168.0.1/hook' },
    { ...hook, url: 'http://[::1]/hook' },
    { ...hook, url: 'http://localhost/hook' },
    { ...hook, url: 'http://[::ffff:127.0.0.1]/hook' },
    { ...hook, format: 'xml' },
    { ...hook, events: ['plan.deleted'] },
    { ...hook, events: 'plan.approved' },
    { ...hook, secret: 'whsec_chosen' },
  ]) {
    route(`a webhook ${JSON.stringify(body).slice(0, 60)}`, 'POST /environments/[name]/webhooks', { ...webhooks, body }, 400, 'invalid_input');
  }
  const zeroId = '00000000-0000-4000-8000-000000000000';
  for (const id of ['not-a-uuid', "1' OR '1'='1", '../../etc/passwd', 'x'.repeat(5000)]) {
    route(`webhook id ${id.slice(0, 20)}`, 'DELETE /environments/[name]/webhooks/[id]', { method: 'DELETE', path: `/api/v1/environments/${name}/webhooks/${encodeURIComponent(id)}`, params: { name, id } }, 400, 'invalid_input');
    route(`deliveries of webhook id ${id.slice(0, 20)}`, 'GET /environments/[name]/webhooks/[id]/deliveries', { path: `/api/v1/environments/${name}/webhooks/${encodeURIComponent(id)}/deliveries`, params: { name, id } }, 400, 'invalid_input');
    route(`a test of webhook id ${id.slice(0, 20)}`, 'POST /environments/[name]/webhooks/[id]/test', { method: 'POST', path: `/api/v1/environments/${name}/webhooks/${encodeURIComponent(id)}/test`, params: { name, id } }, 400, 'invalid_input');
  }
  route('deleting a webhook nobody made', 'DELETE /environments/[name]/webhooks/[id]', { method: 'DELETE', path: `/api/v1/environments/${name}/webhooks/${zeroId}`, params: { name, id: zeroId } }, 404, 'not_found');
  route('deliveries of a webhook nobody made', 'GET /environments/[name]/webhooks/[id]/deliveries', { path: `/api/v1/environments/${name}/webhooks/${zeroId}/deliveries`, params: { name, id: zeroId } }, 404, 'not_found');
  route('a test of a webhook nobody made', 'POST /environments/[name]/webhooks/[id]/test', { method: 'POST', path: `/api/v1/environments/${name}/webhooks/${zeroId}/test`, params: { name, id: zeroId } }, 404, 'not_found');
  route('an unknown user', 'POST /users/[id]/enable', { method: 'POST', path: '/api/v1/users/00000000-0000-4000-8000-000000000000/enable', params: { id: '00000000-0000-4000-8000-000000000000' } }, 404, 'not_found');
  route('an unknown user’s tokens', 'DELETE /users/[id]/tokens', { method: 'DELETE', path: '/api/v1/users/00000000-0000-4000-8000-000000000000/tokens', params: { id: '00000000-0000-4000-8000-000000000000' } }, 404, 'not_found');
  route('another user’s token id under a user', 'DELETE /users/[id]/tokens/[tokenId]', { method: 'DELETE', path: `/api/v1/users/${admin.userId}/tokens/${existing.tokenId}`, params: { id: admin.userId, tokenId: existing.tokenId } }, 404, 'not_found');
  route('role check of a bad id', 'POST /users/[id]/role-check', { method: 'POST', path: '/api/v1/users/x/role-check', params: { id: 'x' } }, 400, 'invalid_input');
  for (const env of ['..', 'x'.repeat(5000), '%00', 'prоd', "x' OR '1'='1"]) {
    route(`environment ${env.slice(0, 20)}`, 'GET /environments/[name]', { path: `/api/v1/environments/${encodeURIComponent(env)}`, params: { name: env } }, 404, 'not_found');
    route(`revision of environment ${env.slice(0, 20)}`, 'GET /environments/[name]/revisions/[number]', { path: `/api/v1/environments/${encodeURIComponent(env)}/revisions/1`, params: { name: env, number: '1' } }, 404, 'not_found');
    route(`alerts of environment ${env.slice(0, 20)}`, 'GET /environments/[name]/alerts', { path: `/api/v1/environments/${encodeURIComponent(env)}/alerts`, params: { name: env } }, 404, 'not_found');
    route(`status links of environment ${env.slice(0, 20)}`, 'GET /environments/[name]/status-links', { path: `/api/v1/environments/${encodeURIComponent(env)}/status-links`, params: { name: env } }, 404, 'not_found');
    route(`a status link for environment ${env.slice(0, 20)}`, 'POST /environments/[name]/status-links', { method: 'POST', path: `/api/v1/environments/${encodeURIComponent(env)}/status-links`, params: { name: env }, body: { label: 'x' } }, 404, 'not_found');
    route(`backups of environment ${env.slice(0, 20)}`, 'GET /environments/[name]/backups', { path: `/api/v1/environments/${encodeURIComponent(env)}/backups`, params: { name: env } }, 404, 'not_found');
    route(`webhooks of environment ${env.slice(0, 20)}`, 'GET /environments/[name]/webhooks', { path: `/api/v1/environments/${encodeURIComponent(env)}/webhooks`, params: { name: env } }, 404, 'not_found');
    route(`a webhook for environment ${env.slice(0, 20)}`, 'POST /environments/[name]/webhooks', { method: 'POST', path: `/api/v1/environments/${encodeURIComponent(env)}/webhooks`, params: { name: env }, body: hook }, 404, 'not_found');
    route(`health of environment ${env.slice(0, 20)}`, 'GET /environments/[name]/health', { path: `/api/v1/environments/${encodeURIComponent(env)}/health`, params: { name: env } }, 404, 'not_found');
  }
  route('a connection test of a cluster nobody registered', 'POST /clusters/[name]/connection-test', { method: 'POST', path: '/api/v1/clusters/nowhere/connection-test', params: { name: 'nowhere' } }, 404, 'not_found');
  route('a connection test of ../..', 'POST /clusters/[name]/connection-test', { method: 'POST', path: '/api/v1/clusters/..%2F../connection-test', params: { name: '../..' } }, 404, 'not_found');
  route('deploy targets of a missing environment', 'GET /environments/[name]/deploy-targets', { path: '/api/v1/environments/ghost/deploy-targets', params: { name: 'ghost' } }, 404, 'not_found');
  route('releasing a namespace nobody holds', 'POST /deploy-targets/release', { method: 'POST', path: '/api/v1/deploy-targets/release', body: { cluster: 'local', namespace: 'nobody-here' } }, 404, 'not_found');
  route('releasing a namespace in use', 'POST /deploy-targets/release', { method: 'POST', path: '/api/v1/deploy-targets/release', body: { cluster: 'local', namespace: `personapass-${name}` } }, 409, 'conflict');
  route('releasing ../..', 'POST /deploy-targets/release', { method: 'POST', path: '/api/v1/deploy-targets/release', body: { cluster: 'local', namespace: '../..' } }, 400, 'invalid_input');
  route('readiness of a cluster nobody registered', 'GET /clusters/[name]/readiness', { path: '/api/v1/clusters/nowhere/readiness', params: { name: 'nowhere' } }, 404, 'not_found');
  route('readiness of ../..', 'GET /clusters/[name]/readiness', { path: '/api/v1/clusters/..%2F../readiness', params: { name: '../..' } }, 404, 'not_found');
  route('readiness of a 5 000-character name', 'GET /clusters/[name]/readiness', { path: `/api/v1/clusters/${'k'.repeat(5000)}/readiness`, params: { name: 'k'.repeat(5000) } }, 404, 'not_found');
  route('cluster ../../', 'GET /clusters/[name]', { path: '/api/v1/clusters/..%2F..', params: { name: '../..' } }, 404, 'not_found');
  for (const number of ['0', '-1', '1e3', '2147483648', 'abc', '1.5']) {
    route(`revision number ${number}`, 'GET /environments/[name]/revisions/[number]', { path: `/api/v1/environments/${name}/revisions/${number}`, params: { name, number } }, 400, 'invalid_input');
  }

  // Query strings.
  for (const query of ['limit=0', 'limit=-5', 'limit=1e309', 'limit=201', 'limit=abc', 'sort=name', 'cursor=' + 'x'.repeat(300), 'limit=1&limit=2&__proto__=x']) {
    route(`environments ?${query.slice(0, 30)}`, 'GET /environments', { path: `/api/v1/environments?${query}` }, 400, 'invalid_input');
  }
  route('users ?cursor=not-a-uuid', 'GET /users', { path: '/api/v1/users?cursor=nope' }, 400, 'invalid_input');
  route('audit ?cursor=1', 'GET /audit-events', { path: '/api/v1/audit-events?cursor=1' }, 400, 'invalid_input');
  route('backups ?limit=0', 'GET /backups', { path: '/api/v1/backups?limit=0' }, 400, 'invalid_input');
  route('backups ?limit=1e309', 'GET /backups', { path: '/api/v1/backups?limit=1e309' }, 400, 'invalid_input');
  // This file's console has no BACKUP_* settings: a backup asked for is refused, and nothing is recorded.
  route('back up now, unconfigured', 'POST /backups', { method: 'POST', path: '/api/v1/backups', body: { __proto__: { role: 'admin' } } }, 503, 'unavailable');
  route('diff ?from=a', 'GET /environments/[name]/diff', { path: `/api/v1/environments/${name}/diff?from=a&to=1`, params: { name } }, 400, 'invalid_input');
  route('diff without to', 'GET /environments/[name]/diff', { path: `/api/v1/environments/${name}/diff?from=1`, params: { name } }, 400, 'invalid_input');
  route('revisions ?cursor=0', 'GET /environments/[name]/revisions', { path: `/api/v1/environments/${name}/revisions?cursor=0`, params: { name } }, 400, 'invalid_input');
  route('tokens with an unknown scope', 'POST /tokens', { method: 'POST', path: '/api/v1/tokens', body: { name: 'x', scope: 'admin' } }, 400, 'invalid_input');
  // Wrong methods: every route answers one it does not have with the JSON error and an Allow header.
  for (const key of routeFiles().map(routeKey)) {
    route(`PATCH ${key}`, `PATCH ${key}`, { method: 'PATCH', path: `/api/v1${key}`, headers: { 'content-type': 'application/json' }, rawBody: '{}' }, 405, 'method_not_allowed');
  }
  // Deploy engine: approvals, deploys, runs and their events.
  const nobody = '00000000-0000-4000-8000-000000000000';
  const planRoute = (what: string, id = nobody) => ({ method: 'POST', path: `/api/v1/plans/${id}/${what}`, params: { id } });
  list.push(...bodyAttacks('POST /plans/[id]/approvals', planRoute('approvals'), { comment: 'x' }));
  list.push(...bodyAttacks('POST /plans/[id]/rejections', planRoute('rejections'), { comment: 'x' }));
  list.push(...bodyAttacks('POST /plans/[id]/runs', planRoute('runs'), {}));
  const cancelRoute = (id = nobody) => ({ method: 'POST', path: `/api/v1/runs/${encodeURIComponent(id)}/cancellations`, params: { id } });
  list.push(...bodyAttacks('POST /runs/[id]/cancellations', cancelRoute(), {}));
  route('cancelling a run nobody started', 'POST /runs/[id]/cancellations', { ...cancelRoute(), body: {} }, 404, 'not_found');
  route('a cancellation with a reason field', 'POST /runs/[id]/cancellations', { ...cancelRoute(), body: { reason: 'x', force: true } }, 400, 'invalid_input');
  for (const id of ['not-a-uuid', "1' OR '1'='1", '../../etc/passwd', 'x'.repeat(5000)]) {
    for (const what of ['approvals', 'rejections', 'runs']) route(`plan id ${id.slice(0, 20)}`, `POST /plans/[id]/${what}`, { ...planRoute(what, id), path: `/api/v1/plans/${encodeURIComponent(id)}/${what}`, body: { comment: 'x' } }, 400, 'invalid_input');
    route(`run id ${id.slice(0, 20)}`, 'GET /runs/[id]', { path: `/api/v1/runs/${encodeURIComponent(id)}`, params: { id } }, 400, 'invalid_input');
    route(`cancelling run id ${id.slice(0, 20)}`, 'POST /runs/[id]/cancellations', { ...cancelRoute(id), body: {} }, 400, 'invalid_input');
    route(`events of run id ${id.slice(0, 20)}`, 'GET /runs/[id]/events', { path: `/api/v1/runs/${encodeURIComponent(id)}/events`, params: { id } }, 400, 'invalid_input');
  }
  route('approving a plan nobody made', 'POST /plans/[id]/approvals', { ...planRoute('approvals'), body: { comment: 'x' } }, 404, 'not_found');
  route('rejecting a plan nobody made', 'POST /plans/[id]/rejections', { ...planRoute('rejections'), body: { comment: 'x' } }, 404, 'not_found');
  route('deploying a plan nobody made', 'POST /plans/[id]/runs', { ...planRoute('runs'), body: {} }, 404, 'not_found');
  route('a rejection without a comment', 'POST /plans/[id]/rejections', { ...planRoute('rejections'), body: { comment: '   ' } }, 400, 'invalid_input');
  route('a comment of 10 000 characters', 'POST /plans/[id]/approvals', { ...planRoute('approvals'), body: { comment: 'x'.repeat(10_000) } }, 400, 'invalid_input');
  route('a deploy that names a plan in its body', 'POST /plans/[id]/runs', { ...planRoute('runs'), body: { planId: nobody, force: true } }, 400, 'invalid_input');
  for (const key of ['', 'x'.repeat(256), 'two words', 'tab\there']) {
    route(`Idempotency-Key ${JSON.stringify(key.slice(0, 12))}`, 'POST /plans/[id]/runs', { ...planRoute('runs'), headers: { 'idempotency-key': key }, body: {} }, 400, 'invalid_input');
  }
  route('a run nobody started', 'GET /runs/[id]', { path: `/api/v1/runs/${nobody}`, params: { id: nobody } }, 404, 'not_found');
  route('events of a run nobody started', 'GET /runs/[id]/events', { path: `/api/v1/runs/${nobody}/events`, params: { id: nobody } }, 404, 'not_found');
  // 19 digits past bigint's largest (9223372036854775807) would reach the database's cast.
  for (const last of ['-1', 'abc', '1e3', '9'.repeat(30), "1' OR '1'='1", '9223372036854775808', '9'.repeat(19)]) {
    route(`Last-Event-ID ${last.slice(0, 12)}`, 'GET /runs/[id]/events', { path: `/api/v1/runs/${nobody}/events`, params: { id: nobody }, headers: { 'last-event-id': last } }, 400, 'invalid_input');
  }
  route('live state of a missing environment', 'GET /environments/[name]/live', { path: '/api/v1/environments/ghost/live', params: { name: 'ghost' } }, 404, 'not_found');
  for (const last of ['-1', 'abc', '12345678', 'zzzzzzzz.1', '12345678.-1', `12345678.${'9'.repeat(16)}`, "1' OR '1'='1", 'x'.repeat(5000)]) {
    route(`live Last-Event-ID ${last.slice(0, 12)}`, 'GET /environments/[name]/live', { path: `/api/v1/environments/${name}/live`, params: { name }, headers: { 'last-event-id': last } }, 400, 'invalid_input');
  }
  route('runs of a missing environment', 'GET /environments/[name]/runs', { path: '/api/v1/environments/ghost/runs', params: { name: 'ghost' } }, 404, 'not_found');
  for (const query of ['limit=0', 'limit=500', 'cursor=nope', 'status=running']) {
    route(`runs ?${query}`, 'GET /environments/[name]/runs', { path: `/api/v1/environments/${name}/runs?${query}`, params: { name } }, 400, 'invalid_input');
  }
  route('metrics of a missing environment', 'GET /environments/[name]/metrics', { path: '/api/v1/environments/ghost/metrics', params: { name: 'ghost' } }, 404, 'not_found');
  // The browser names a chart; PromQL, unknown charts, ranges or components are refused before any query.
  for (const query of ['query=up', 'chart=up', 'chart=request-rate%22%7D', 'range=2d', 'range=', 'component=postgres', 'component=wallet-api%22%7Bx%3D%22', 'step=1']) {
    route(`metrics ?${query}`, 'GET /environments/[name]/metrics', { path: `/api/v1/environments/${name}/metrics?${query}`, params: { name } }, 400, 'invalid_input');
  }
  route('traces of a missing environment', 'GET /environments/[name]/traces', { path: '/api/v1/environments/ghost/traces?component=wallet-api', params: { name: 'ghost' } }, 404, 'not_found');
  // A component and a range only: no service, tags, limit or Jaeger query of the caller's.
  for (const query of ['', 'component=postgres', 'component=wallet-api&service=x', 'component=wallet-api&tags=%7B%7D', 'component=wallet-api&limit=5000', 'component=wallet-api&range=30d', 'component=wallet-api%26service%3Dx']) {
    route(`traces ?${query}`, 'GET /environments/[name]/traces', { path: `/api/v1/environments/${name}/traces?${query}`, params: { name } }, 400, 'invalid_input');
  }
  const logs = (query: string, component = 'wallet-api') => ({ path: `/api/v1/environments/${name}/components/${component}/logs?${query}`, params: { name, component } });
  route('logs of a missing environment', 'GET /environments/[name]/components/[component]/logs', { path: '/api/v1/environments/ghost/components/wallet-api/logs', params: { name: 'ghost', component: 'wallet-api' } }, 404, 'not_found');
  // Names are Kubernetes names, numbers are bounded, and nothing else is passed on: no namespace, path or raw API parameter.
  for (const query of ['pod=..%2F..%2Fkube-system%2Fpods%2Fetcd', 'pod=..', 'pod=wallet-api%2F..%2Fx', 'pod=%2Fapi%2Fv1%2Fnamespaces', 'pod=Wallet-API', `pod=${'a'.repeat(254)}`, 'container=istio-proxy%3Brm', 'container=..%2Fx', 'tail=100000', 'tail=1001', 'tail=0', 'tail=-1', 'tail=1e3', 'tail=0x10', 'sinceSeconds=999999', 'timestamps=yes', 'namespace=kube-system', 'follow=true', 'limitBytes=999999999', 'previous=true']) {
    route(`logs ?${query.slice(0, 40)}`, 'GET /environments/[name]/components/[component]/logs', logs(query), 400, 'invalid_input');
  }
  for (const component of ['postgres', '..', 'wallet-api%2F..%2Fidentity-service', 'kube-apiserver']) {
    route(`logs of component ${component}`, 'GET /environments/[name]/components/[component]/logs', logs('', component), 400, 'invalid_input');
  }
  // Diagnosis and support bundle: one of the platform's components or none; nothing else is passed on.
  for (const [label, route_] of [['diagnosis', 'GET /environments/[name]/diagnosis'], ['support bundle', 'GET /environments/[name]/support-bundle']] as const) {
    const segment = label === 'diagnosis' ? 'diagnosis' : 'support-bundle';
    route(`${label} of a missing environment`, route_, { path: `/api/v1/environments/ghost/${segment}`, params: { name: 'ghost' } }, 404, 'not_found');
    for (const query of ['component=postgres', 'component=', 'component=wallet-api%22%7D', 'component=wallet-api&namespace=kube-system', 'file=..%2F..%2Fetc%2Fpasswd']) {
      route(`${label} ?${query.slice(0, 40)}`, route_, { path: `/api/v1/environments/${name}/${segment}?${query}`, params: { name } }, 400, 'invalid_input');
    }
  }
  route('dashboards of a missing environment', 'GET /environments/[name]/dashboards', { path: '/api/v1/environments/ghost/dashboards', params: { name: 'ghost' } }, 404, 'not_found');
  for (const query of ['range=30d', 'range=now-1h', 'panelId=1', 'uid=x', 'grafanaUrl=https%3A%2F%2Fevil.example']) {
    route(`dashboards ?${query}`, 'GET /environments/[name]/dashboards', { path: `/api/v1/environments/${name}/dashboards?${query}`, params: { name } }, 400, 'invalid_input');
  }
  // A parameter given twice is refused whichever value comes last; so is PHP-style range[].
  for (const [routeKey, path, query] of [
    ['GET /environments/[name]/metrics', 'metrics', 'range=1h&range=6h'],
    ['GET /environments/[name]/metrics', 'metrics', 'component=postgres&component=wallet-api'],
    ['GET /environments/[name]/metrics', 'metrics', 'range[]=1h'],
    ['GET /environments/[name]/traces', 'traces', 'component=postgres&component=wallet-api'],
    ['GET /environments/[name]/dashboards', 'dashboards', 'range=1h&range=1h'],
    ['GET /environments/[name]/components/[component]/logs', 'components/wallet-api/logs', 'tail=10&tail=1000'],
    ['GET /environments/[name]/scale', 'scale', 'component=postgres&component=wallet-api'],
  ] as const) {
    const params: Record<string, string> = routeKey.includes('[component]') ? { name, component: 'wallet-api' } : { name };
    route(`${path} ?${query}`, routeKey, { path: `/api/v1/environments/${name}/${path}?${query}`, params }, 400, 'invalid_input');
  }
  // Next decodes the path, so %00 arrives as a NUL byte, which Postgres refuses in text: each route
  // answers it as an unknown environment before asking the database.
  for (const env of ['\u0000', `${name}\u0000`]) {
    const label = `environment ${JSON.stringify(env.slice(-12))}`;
    const at = (suffix: string, extra: Partial<Call> = {}) => ({ path: `/api/v1/environments/${encodeURIComponent(env)}/${suffix}`, params: { name: env }, ...extra });
    route(`alerts of ${label}`, 'GET /environments/[name]/alerts', at('alerts'), 404, 'not_found');
    route(`health of ${label}`, 'GET /environments/[name]/health', at('health'), 404, 'not_found');
    route(`live state of ${label}`, 'GET /environments/[name]/live', at('live'), 404, 'not_found');
    route(`metrics of ${label}`, 'GET /environments/[name]/metrics', at('metrics'), 404, 'not_found');
    route(`traces of ${label}`, 'GET /environments/[name]/traces', at('traces?component=wallet-api'), 404, 'not_found');
    route(`dashboards of ${label}`, 'GET /environments/[name]/dashboards', at('dashboards'), 404, 'not_found');
    route(`logs of ${label}`, 'GET /environments/[name]/components/[component]/logs', at('components/wallet-api/logs', { params: { name: env, component: 'wallet-api' } }), 404, 'not_found');
    route(`scale view of ${label}`, 'GET /environments/[name]/scale', at('scale?component=wallet-api'), 404, 'not_found');
    route(`scale of ${label}`, 'POST /environments/[name]/scale', at('scale', { method: 'POST', body: { component: 'wallet-api', replicas: 2 } }), 404, 'not_found');
    route(`status links of ${label}`, 'GET /environments/[name]/status-links', at('status-links'), 404, 'not_found');
    route(`a status link for ${label}`, 'POST /environments/[name]/status-links', at('status-links', { method: 'POST', body: { label: 'x' } }), 404, 'not_found');
    route(`revoking a status link of ${label}`, 'DELETE /environments/[name]/status-links/[id]', at('status-links/00000000-0000-4000-8000-000000000000', { method: 'DELETE', params: { name: env, id: '00000000-0000-4000-8000-000000000000' } }), 404, 'not_found');
    // The older routes too: apiRoute refuses a control character in any path parameter.
    route(label, 'GET /environments/[name]', { path: `/api/v1/environments/${encodeURIComponent(env)}`, params: { name: env } }, 404, 'not_found');
    route(`revisions of ${label}`, 'GET /environments/[name]/revisions', at('revisions'), 404, 'not_found');
    route(`a plan of ${label}`, 'POST /environments/[name]/plans', at('plans', { method: 'POST', body: {} }), 404, 'not_found');
  }
  route('a run id with a NUL byte', 'GET /runs/[id]', { path: '/api/v1/runs/%00', params: { id: '\u0000' } }, 404, 'not_found');
  route('a plan id with a NUL byte', 'GET /plans/[id]', { path: '/api/v1/plans/x%00', params: { id: 'x\u0000' } }, 404, 'not_found');
  route('configuration backup of a missing environment', 'GET /environments/[name]/configuration-backup', { path: '/api/v1/environments/ghost/configuration-backup', params: { name: 'ghost' } }, 404, 'not_found');
  // A restore: the backup's files are parsed by their own schemas; names, namespaces and clusters are the spec's.
  const restoreName = unique('hr');
  const restore = { method: 'POST', path: `/api/v1/environments/${restoreName}/restore`, params: { name: restoreName } };
  const manifest = { format: 'personapass-configuration-backup', version: 1, environment: spec.name, cluster: spec.cluster, namespace: spec.namespace, headRevision: 1, exportedAt: '2026-12-01T00:00:00.000Z', deployedRevisions: [], omittedSecrets: [] };
  list.push(...bodyAttacks('POST /environments/[name]/restore', restore, { manifest, spec }));
  route('a restore of another format', 'POST /environments/[name]/restore', { ...restore, body: { manifest: { ...manifest, format: 'velero' }, spec } }, 400, 'invalid_input');
  route('a restore of a future backup version', 'POST /environments/[name]/restore', { ...restore, body: { manifest: { ...manifest, version: 2 }, spec } }, 400, 'invalid_input');
  route('a restore whose spec is of another environment', 'POST /environments/[name]/restore', { ...restore, body: { manifest: { ...manifest, environment: 'other' }, spec } }, 400, 'invalid_input');
  route('a restore of an invalid spec', 'POST /environments/[name]/restore', { ...restore, body: { manifest, spec: { ...spec, tier: 'galactic' } } }, 400, 'invalid_input');
  route('a restore into a kube-system look-alike', 'POST /environments/[name]/restore', { ...restore, body: { manifest, spec, namespace: 'kube-systеm' } }, 400, 'invalid_input');
  route('a restore into ../..', 'POST /environments/[name]/restore', { ...restore, body: { manifest, spec, namespace: '../..' } }, 400, 'invalid_input');
  route('a restore under the name ../..', 'POST /environments/[name]/restore', { ...restore, path: '/api/v1/environments/..%2F../restore', params: { name: '../..' }, body: { manifest, spec } }, 400, 'invalid_input');
  route('a restore onto a cluster nobody registered', 'POST /environments/[name]/restore', { ...restore, body: { manifest, spec, cluster: 'nowhere' } }, 400, 'invalid_input');
  route('a restore with an unknown field', 'POST /environments/[name]/restore', { ...restore, body: { manifest, spec, force: true } }, 400, 'invalid_input');
  const rollback = { method: 'POST', path: `/api/v1/environments/${name}/rollback`, params: { name } };
  list.push(...bodyAttacks('POST /environments/[name]/rollback', rollback, { revision: 1 }));
  for (const revision of [0, -1, 1.5, '1', 2_147_483_648, null]) route(`rollback to revision ${String(revision)}`, 'POST /environments/[name]/rollback', { ...rollback, body: { revision } }, 400, 'invalid_input');
  route('rollback without a revision', 'POST /environments/[name]/rollback', { ...rollback, body: {} }, 400, 'invalid_input');
  route('rollback to a revision never deployed', 'POST /environments/[name]/rollback', { ...rollback, body: { revision: 1 } }, 409, 'conflict');
  route('rollback of a missing environment', 'POST /environments/[name]/rollback', { ...rollback, path: '/api/v1/environments/ghost/rollback', params: { name: 'ghost' }, body: { revision: 1 } }, 404, 'not_found');
  const reconcile = { method: 'POST', path: `/api/v1/environments/${name}/reconcile`, params: { name } };
  list.push(...bodyAttacks('POST /environments/[name]/reconcile', reconcile, {}));
  for (const body of [{ force: 'yes' }, { force: 1 }, { revision: 1 }]) route(`reconcile with ${JSON.stringify(body)}`, 'POST /environments/[name]/reconcile', { ...reconcile, body }, 400, 'invalid_input');
  route('reconcile of an environment never deployed', 'POST /environments/[name]/reconcile', { ...reconcile, body: {} }, 409, 'conflict');
  route('reconcile of a missing environment', 'POST /environments/[name]/reconcile', { ...reconcile, path: '/api/v1/environments/ghost/reconcile', params: { name: 'ghost' }, body: {} }, 404, 'not_found');
  route('drift of a missing environment', 'GET /environments/[name]/drift', { path: '/api/v1/environments/ghost/drift', params: { name: 'ghost' } }, 404, 'not_found');
  route('a drift check of a missing environment', 'POST /environments/[name]/drift', { method: 'POST', path: '/api/v1/environments/ghost/drift', params: { name: 'ghost' } }, 404, 'not_found');
  route('a drift check of an environment never deployed', 'POST /environments/[name]/drift', { method: 'POST', path: `/api/v1/environments/${name}/drift`, params: { name } }, 409, 'conflict');
  // Plans: bodies, flags, ids, cursors, filters and keys; an environment whose cluster cannot be reached.
  const plans = { method: 'POST', path: `/api/v1/environments/${name}/plans`, params: { name } };
  list.push(...bodyAttacks('POST /environments/[name]/plans', plans, { components: ['wallet-api'] }));
  route('plan revision 0', 'POST /environments/[name]/plans', { ...plans, body: { revision: 0 } }, 400, 'invalid_input');
  route('plan revision as a string', 'POST /environments/[name]/plans', { ...plans, body: { revision: '1' } }, 400, 'invalid_input');
  // Only the head or a revision that deployed successfully may be planned (its head is 1, nothing deployed).
  for (const revision of [2, 2_147_483_647]) route(`plan revision ${revision}, neither the head nor deployed`, 'POST /environments/[name]/plans', { ...plans, body: { revision } }, 409, 'conflict');
  route('plan of no components', 'POST /environments/[name]/plans', { ...plans, body: { components: [] } }, 400, 'invalid_input');
  route('plan of a component ../..', 'POST /environments/[name]/plans', { ...plans, body: { components: ['../..'] } }, 400, 'invalid_input');
  route('plan of 10 000 components', 'POST /environments/[name]/plans', { ...plans, body: { components: Array.from({ length: 10_000 }, (_, i) => `c${i}`) } }, 400, 'invalid_input');
  route('plan force as a string', 'POST /environments/[name]/plans', { ...plans, body: { force: 'yes' } }, 400, 'invalid_input');
  route('plan with an unknown flag', 'POST /environments/[name]/plans', { ...plans, body: { dryRun: false } }, 400, 'invalid_input');
  route('plan of a missing environment', 'POST /environments/[name]/plans', { ...plans, path: '/api/v1/environments/ghost/plans', params: { name: 'ghost' }, body: {} }, 404, 'not_found');
  for (const key of ['x'.repeat(256), 'two words', '']) {
    route(`Idempotency-Key ${JSON.stringify(key.slice(0, 12))}`, 'POST /environments/[name]/plans', { ...plans, headers: { 'idempotency-key': key }, body: {} }, 400, 'invalid_input');
  }
  const unreachable = existing.unreachableEnvironment;
  route('a plan whose cluster cannot be reached', 'POST /environments/[name]/plans', { method: 'POST', path: `/api/v1/environments/${unreachable}/plans`, params: { name: unreachable }, body: {} }, 503, 'unavailable');
  route('plans ?cursor=not-a-uuid', 'GET /environments/[name]/plans', { path: `/api/v1/environments/${name}/plans?cursor=nope`, params: { name } }, 400, 'invalid_input');
  route('plans ?limit=0', 'GET /environments/[name]/plans', { path: `/api/v1/environments/${name}/plans?limit=0`, params: { name } }, 400, 'invalid_input');
  route('plans of a missing environment', 'GET /environments/[name]/plans', { path: '/api/v1/environments/ghost/plans', params: { name: 'ghost' } }, 404, 'not_found');
  for (const id of ['not-a-uuid', "1' OR '1'='1", '../../etc/passwd', 'x'.repeat(5000)]) {
    route(`plan id ${id.slice(0, 20)}`, 'GET /plans/[id]', { path: `/api/v1/plans/${encodeURIComponent(id)}`, params: { id } }, 400, 'invalid_input');
    route(`plan objects of id ${id.slice(0, 20)}`, 'GET /plans/[id]/objects', { path: `/api/v1/plans/${encodeURIComponent(id)}/objects`, params: { id } }, 400, 'invalid_input');
  }
  route('a plan nobody made', 'GET /plans/[id]', { path: `/api/v1/plans/${nobody}`, params: { id: nobody } }, 404, 'not_found');
  route('objects of a plan nobody made', 'GET /plans/[id]/objects', { path: `/api/v1/plans/${nobody}/objects`, params: { id: nobody } }, 404, 'not_found');
  for (const query of ['action=destroy', 'cursor=-1', 'cursor=1e3', 'limit=501', 'limit=0', 'diff=true']) {
    route(`plan objects ?${query}`, 'GET /plans/[id]/objects', { path: `/api/v1/plans/${nobody}/objects?${query}`, params: { id: nobody } }, 400, 'invalid_input');
  }
  // Scaling: the body's bounds and types, unknown components and fields, a missing environment, and a
  // cluster that cannot be planned against (503, and no revision is saved: the row counts hold).
  const scaling = { method: 'POST', path: `/api/v1/environments/${name}/scale`, params: { name } };
  list.push(...bodyAttacks('POST /environments/[name]/scale', scaling, { component: 'wallet-api', replicas: 2 }));
  for (const [label, body] of [
    ['no change asked for', { component: 'wallet-api' }],
    ['an unknown component', { component: 'postgres', replicas: 2 }],
    ['a component ../..', { component: '../..', replicas: 2 }],
    ['negative replicas', { component: 'wallet-api', replicas: -1 }],
    ['fractional replicas', { component: 'wallet-api', replicas: 1.5 }],
    ['replicas as a string', { component: 'wallet-api', replicas: '2' }],
    ['replicas of 1e308', { component: 'wallet-api', replicas: 1e308 }],
    ['a maximum of 0', { component: 'credential-worker', maxReplicas: 0 }],
    ['min above max', { component: 'credential-worker', minReplicas: 3, maxReplicas: 2 }],
    ['replicas on an autoscaled component', { component: 'credential-worker', replicas: 2 }],
    ['min/max without an autoscaler', { component: 'wallet-api', minReplicas: 1, maxReplicas: 2 }],
    ['a threshold of 0', { component: 'credential-worker', triggers: { queueLength: 0 } }],
    ['an unknown trigger', { component: 'credential-worker', triggers: { promql: 'up' } }],
    ['scale-to-zero as a string', { component: 'credential-worker', scaleToZero: 'yes' }],
    ['an unknown field', { component: 'wallet-api', replicas: 2, force: true }],
    ['a reason of 10 000 characters', { component: 'wallet-api', replicas: 2, reason: 'x'.repeat(10_000) }],
    ['expected revision 0', { component: 'wallet-api', replicas: 2, expectedRevision: 0 }],
  ] as const) {
    route(`scale with ${label}`, 'POST /environments/[name]/scale', { ...scaling, body }, 400, 'invalid_input');
  }
  for (const query of ['', 'component=postgres', 'component=../..', 'component=wallet-api&component=api-gateway', 'component=wallet-api&namespace=kube-system']) {
    route(`scale view ?${query}`, 'GET /environments/[name]/scale', { path: `/api/v1/environments/${name}/scale?${query}`, params: { name } }, 400, 'invalid_input');
  }
  route('scale view of a missing environment', 'GET /environments/[name]/scale', { path: '/api/v1/environments/ghost/scale?component=wallet-api', params: { name: 'ghost' } }, 404, 'not_found');
  route('scale from a revision that is not the head', 'POST /environments/[name]/scale', { ...scaling, body: { component: 'wallet-api', replicas: 2, expectedRevision: 2 } }, 409, 'conflict');
  route('scale of a missing environment', 'POST /environments/[name]/scale', { ...scaling, path: '/api/v1/environments/ghost/scale', params: { name: 'ghost' }, body: { component: 'wallet-api', replicas: 2 } }, 404, 'not_found');
  route('scale of an environment whose cluster cannot be reached', 'POST /environments/[name]/scale', { method: 'POST', path: `/api/v1/environments/${unreachable}/scale`, params: { name: unreachable }, body: { component: 'wallet-api', replicas: 2 } }, 503, 'unavailable');
  route('tokens living 100 years', 'POST /tokens', { method: 'POST', path: '/api/v1/tokens', body: { name: 'x', expiresInDays: 36500 } }, 400, 'invalid_input');
  return list;
}

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  admin = await tokenFor('admin');
  const other = await tokenFor('viewer');
  existing.userId = other.userId;
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  existing.tokenId = (await db.query('SELECT id FROM api_tokens WHERE user_id = $1', [other.userId])).rows[0].id;
  existing.cluster = 'local';
  existing.environment = unique('hostile-base');
  const created = await call((await import('./environments/route')).POST, { method: 'POST', path: '/api/v1/environments', token: admin.token, body: { spec: starterSpec(existing.environment, 'development') } });
  expect(created.status).toBe(201);
  // A cluster registered (with this file's keys) at a closed port, and an environment on it.
  const closed = unique('closed');
  await ensureCluster(getDeps(), closed, { name: closed, apiServerUrl: 'https://127.0.0.1:1', caBundle: testCaBundle, credential: { kind: 'token', token: 'x'.repeat(20) } });
  existing.unreachableEnvironment = unique('hostile-unreachable');
  const onClosed = await call((await import('./environments/route')).POST, { method: 'POST', path: '/api/v1/environments', token: admin.token, body: { spec: { ...starterSpec(existing.unreachableEnvironment, 'development'), cluster: closed } } });
  expect(onClosed.status).toBe(201);
  for (const file of routeFiles()) modules[routeKey(file)] = (await import(/* @vite-ignore */ path.resolve('app/api/v1', file))) as Record<string, Handler>;
});
afterAll(() => db.end());

function routeFiles(): string[] {
  return readdirSync(path.resolve('app/api/v1'), { recursive: true, encoding: 'utf8' }).filter((file) => /(^|\/)route\.ts$/.test(file));
}
const routeKey = (file: string) => `/${path.dirname(file)}`.replace(/\/\.$/, '');

describe('hostile input', () => {
  it('answers more than 100 hostile requests across every route with the JSON error shape and the right status, writing nothing', async () => {
    const list = attacks();
    expect(list.length).toBeGreaterThanOrEqual(100);
    console.log(`hostile input: ${list.length} requests over ${new Set(list.map((attack) => attack.route)).size} route methods`);
    // Every route meets more than its wrong-method request.
    const covered = new Set(list.filter((attack) => !attack.route.startsWith('PATCH')).map((attack) => attack.route.split(' ')[1]));
    const uncovered = routeFiles().map(routeKey).filter((key) => !covered.has(key) && !['/openapi.json', '/me'].includes(key));
    expect(uncovered).toEqual([]);

    const before = await rowCounts();
    const wrong: string[] = [];
    for (const attack of list) {
      const [method, key] = attack.route.split(' ') as [string, string];
      const handler = modules[key]?.[method];
      if (!handler) throw new Error(`no ${method} handler for ${key}`);
      const response = await call(handler, { ...attack.request, token: admin.token });
      const body = response.body as { error?: { code?: unknown; message?: unknown } };
      const shapeOk =
        response.headers.get('content-type')?.startsWith('application/json') &&
        typeof body?.error?.code === 'string' &&
        typeof body.error.message === 'string' &&
        !/\n\s+at |node_modules|Prisma|\.ts:\d/.test(JSON.stringify(body));
      const allowOk = attack.status !== 405 || /\bOPTIONS\b/.test(response.headers.get('allow') ?? '');
      if (response.status !== attack.status || !shapeOk || !allowOk || (attack.code && body.error?.code !== attack.code)) {
        wrong.push(`${attack.route} ${attack.label}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  }, 120_000);
});
