// Share links and the status page through their routes, on Postgres, the testbed and the local
// Prometheus fed by the traffic generator: an admin creates, lists and revokes links (the token
// shown once, only its hash stored, each change audited); the page opens for a live link's token or
// a signed-in user and answers 404 alike to everyone else; it never shows the testbed's pod or node
// names, namespaces or addresses; availability comes from the environment's own request series.
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sha256Hex } from '@/lib/core/hash';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createdStatusLinkSchema, statusLinkSchema, statusPageSchema } from '@/lib/core/status/status-contract';
import { createPlan } from '@/lib/server/plans/create-plan';
import { getDeps } from '@/lib/server/deps';
import { readStatusPage } from '@/lib/server/status/read-status-page';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { contextFor, createTestDb, unique } from '@/lib/test-support/test-deps';
import { carryOutPlan, grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { adminKubeConfig, alertmanagerUrl, prometheusUrl, trafficUrl, waitFor } from '@/scripts/stack/test-support';
import * as environmentsRoute from '../api/v1/environments/route';
import * as linksRoute from '../api/v1/environments/[name]/status-links/route';
import * as linkRoute from '../api/v1/environments/[name]/status-links/[id]/route';
import * as statusRoute from './[environment]/route';

const db = createTestDb();
const name = unique('status');
const other = unique('status-other');
const cluster = unique('status-kube');
let spec: ReturnType<typeof starterSpec>;
let admin: Awaited<ReturnType<typeof tokenFor>>;
let viewer: Awaited<ReturnType<typeof tokenFor>>;
let operator: Awaited<ReturnType<typeof tokenFor>>;
let grant: { revoke: () => Promise<void> };

const page = (environment: string, options: { token?: string; json?: boolean; cookie?: string; bearer?: string } = {}) => {
  const segment = `${environment}${options.json ? '.json' : ''}`;
  const query = options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`;
  return call(statusRoute.GET, { path: `/status/${encodeURIComponent(segment)}${query}`, params: { environment: segment }, cookie: options.cookie, token: options.bearer });
};
const createLink = (environment: string, body: object, token = admin.token) =>
  call(linksRoute.POST, { method: 'POST', path: `/api/v1/environments/${environment}/status-links`, params: { name: environment }, token, body });

beforeAll(async () => {
  configureRouteEnv();
  const deps = getDeps();
  [admin, viewer, operator] = await Promise.all([tokenFor('admin'), tokenFor('viewer'), tokenFor('operator')]);
  await registerTestbedAs(deps, cluster);
  const starter = starterSpec(name, 'development');
  // The stack's Prometheus and Alertmanager on whatever ports it runs (the starter names the default ones).
  spec = { ...starter, cluster, namespace: unique('pp-status'), observability: { ...starter.observability, prometheusUrl, alertmanagerUrl } };
  grant = await grantTestbedNamespaces(name, spec.namespace);
  for (const [environment, body] of [
    [name, { spec, changeNote: 'status test' }],
    [other, { spec: { ...starterSpec(other, 'development'), cluster, namespace: unique('pp-status-other') }, changeNote: 'status test' }],
  ] as const) {
    const created = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: admin.token, body });
    if (created.status !== 201) throw new Error(`creating ${environment}: ${JSON.stringify(created.body)}`);
  }
  const actor = { userId: admin.userId, email: admin.email, name: 'Test admin', role: 'admin' as const, via: 'session' as const, signedInAt: new Date() };
  await carryOutPlan(deps, db, (await createPlan(contextFor(deps, actor), name)).id);
  // This environment's own request series: wallet-api answers 10% of its requests with 5xx.
  const steered = await fetch(`${trafficUrl}/control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ workload: 'wallet-api', namespace: spec.namespace, rps: 50, errorRatio: 0.1 }) });
  expect(steered.status).toBe(200);
}, 180_000);

afterAll(async () => {
  await fetch(`${trafficUrl}/control?namespace=${spec.namespace}`, { method: 'DELETE' }).catch(() => undefined);
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  for (const namespace of [spec.namespace, `${spec.namespace}-monitoring`, `${spec.namespace}-tracing`]) await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  await grant?.revoke();
  await db.$disconnect();
}, 120_000);

describe('share links', () => {
  it('are created by an admin with the token shown once and only its hash stored, listed without it, audited', async () => {
    const created = await createLink(name, { label: 'Partner desk', expiresInDays: 7 });
    expect(created.status).toBe(201);
    expect(createdStatusLinkSchema.strict().safeParse(created.body).error).toBeUndefined();
    const { token, id, path } = created.body as z.infer<typeof createdStatusLinkSchema>;
    expect(token).toMatch(/^pps_[A-Za-z0-9_-]{43}$/);
    expect(path).toBe(`/status/${name}?token=${token}`);
    expect(created.body).toMatchObject({ environment: name, label: 'Partner desk', state: 'active', createdBy: admin.email, revokedAt: null, lastUsedAt: null });
    expect(created.headers.get('cache-control')).toBe('no-store');

    const row = await db.$queryRawUnsafe<Array<{ row: string }>>('SELECT row_to_json(s)::text AS row FROM status_links s WHERE id = $1::uuid', id);
    console.log('stored link row:', row[0]!.row);
    expect(row[0]!.row).toContain(sha256Hex(token));
    expect(row[0]!.row).not.toContain(token.slice(4, 20));

    const list = await call(linksRoute.GET, { path: `/api/v1/environments/${name}/status-links`, params: { name }, token: admin.token });
    expect(list.status).toBe(200);
    expect(z.object({ items: z.array(statusLinkSchema.strict()) }).safeParse(list.body).error).toBeUndefined();
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(id);

    const audit = await db.auditEvent.findMany({ where: { targetName: name, action: 'status-link.created' } });
    expect(audit.map((event) => event.summary)).toContain(`status page link "Partner desk" expiring ${created.body.expiresAt}`);
  });

  it('are refused to everyone but admins and refuse bad input', async () => {
    expect((await createLink(name, { label: 'x' }, operator.token)).status).toBe(403);
    expect((await createLink(name, { label: 'x' }, viewer.token)).status).toBe(403);
    expect((await call(linksRoute.GET, { path: `/api/v1/environments/${name}/status-links`, params: { name }, token: viewer.token })).status).toBe(403);
    const bad: Array<[object, string]> = [[{ label: '' }, 'label'], [{ label: 'x'.repeat(81) }, 'label'], [{ label: 'x', expiresInDays: 0 }, 'expiresInDays'], [{ label: 'x', expiresInDays: 1.5 }, 'expiresInDays'], [{ label: 'x', token: 'pps_mine' }, '(root)']];
    for (const [body, path] of bad) {
      const refused = await createLink(name, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    }
    expect((await createLink('ghost-env', { label: 'x' })).status).toBe(404);
    expect((await call(linkRoute.DELETE, { method: 'DELETE', path: `/api/v1/environments/${name}/status-links/nope`, params: { name, id: 'nope' }, token: admin.token })).status).toBe(400);
  });

  it('open the page while live; an expired or revoked link opens nothing, like a made-up one', async () => {
    const live = (await createLink(name, { label: 'Live' })).body;
    const opened = await page(name, { token: live.token });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
    expect(opened.headers.get('cache-control')).toMatch(/^private/);
    expect(opened.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(opened.body).toMatch(/<p class="banner (operational|degraded|outage|unknown)" role="status"/);
    expect(opened.body).not.toMatch(/<script/i);
    const listed = await call(linksRoute.GET, { path: `/api/v1/environments/${name}/status-links`, params: { name }, token: admin.token });
    expect(listed.body.items.find((item: { id: string }) => item.id === live.id).lastUsedAt).not.toBeNull();

    const notFound = await page(name, { token: 'pps_' + 'A'.repeat(43) });
    expect(notFound.status).toBe(404);
    // A link opens its own environment only; a missing environment looks the same as a hidden one.
    expect(await page(other, { token: live.token })).toMatchObject({ status: 404, body: notFound.body });
    expect(await page('ghost-env', { token: live.token })).toMatchObject({ status: 404, body: notFound.body });
    expect(await page(name)).toMatchObject({ status: 404, body: notFound.body });

    const expiring = (await createLink(name, { label: 'Expiring', expiresInDays: 1 })).body;
    expect((await page(name, { token: expiring.token })).status).toBe(200);
    await db.statusLink.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await page(name, { token: expiring.token })).toMatchObject({ status: 404, body: notFound.body });

    const revoked = await call(linkRoute.DELETE, { method: 'DELETE', path: `/api/v1/environments/${name}/status-links/${live.id}`, params: { name, id: live.id }, token: admin.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ state: 'revoked', revokedBy: admin.email });
    expect(await page(name, { token: live.token })).toMatchObject({ status: 404, body: notFound.body });
    expect((await page(name, { token: live.token, json: true })).status).toBe(404);
    // Revoking twice changes nothing and audits once; another environment's path does not reach it.
    expect((await call(linkRoute.DELETE, { method: 'DELETE', path: `/api/v1/environments/${name}/status-links/${live.id}`, params: { name, id: live.id }, token: admin.token })).status).toBe(200);
    expect((await call(linkRoute.DELETE, { method: 'DELETE', path: `/api/v1/environments/${other}/status-links/${live.id}`, params: { name: other, id: live.id }, token: admin.token })).status).toBe(404);
    expect(await db.auditEvent.count({ where: { targetName: name, action: 'status-link.revoked' } })).toBe(1);
  });
});

describe('the status page', () => {
  it('answers signed-in users without a link, and nobody else', async () => {
    expect((await page(name, { cookie: viewer.cookie })).status).toBe(200);
    expect((await page(name, { bearer: viewer.token, json: true })).status).toBe(200);
    expect((await page(name, { bearer: 'ppc_forged' })).status).toBe(404);
    for (const hostile of ['..', '<script>alert(1)</script>', 'x'.repeat(5000), 'prоd', `${name}\u0000`, `${name}.json.json`, '%00']) {
      const answer = await page(hostile, { token: 'pps_' + 'B'.repeat(43) });
      expect(answer.status, hostile.slice(0, 20)).toBe(404);
      expect(String(answer.body)).not.toContain('<script>alert');
      const asJson = await page(hostile, { json: true, cookie: viewer.cookie });
      expect(asJson.status).toBe(404);
      expect(asJson.body.error.code).toBe('not_found');
    }
    const posted = await call(statusRoute.POST, { method: 'POST', path: `/status/${name}`, params: { environment: name } });
    expect(posted.status).toBe(405);
  });

  it('shows components, versions, the last deploy and availability from Prometheus, and no pod, node, namespace or address of the testbed', async () => {
    const token = (await createLink(name, { label: 'Internals check' })).body.token as string;
    const json = await waitFor(
      'components running and both availability windows read',
      async () => {
        const answer = await page(name, { token, json: true });
        const body = answer.body as z.infer<typeof statusPageSchema>;
        const ready = body.components.every((c) => c.status === 'operational') && body.availability['24h'].status === 'ok' && body.availability['7d'].status === 'ok';
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 3000));
        return ready ? body : undefined;
      },
      150_000,
      1000,
    );
    console.log('status JSON:', JSON.stringify(json));
    expect(statusPageSchema.strict().safeParse(json).error).toBeUndefined();
    expect(json).toMatchObject({ environment: name, status: 'operational', headline: 'All systems operational', lastDeployAt: expect.any(String) });
    expect(json.components.map((c) => c.name)).toEqual(expect.arrayContaining(['Wallet API', 'Identity service']));
    expect(json.components.find((c) => c.name === 'Wallet API')!.version).toBe(spec.components['wallet-api'].image.tag);
    // Only wallet-api's series exist in this namespace, 10% of them 5xx.
    expect(json.availability['24h'].ratio!).toBeGreaterThan(0.85);
    expect(json.availability['24h'].ratio!).toBeLessThan(0.95);
    // Both figures from the recording rules, saying since when: this namespace's series are seconds old.
    expect(json.availability['7d'].ratio!).toBeGreaterThan(0.85);
    expect(json.availability['7d'].ratio!).toBeLessThan(0.95);
    expect(json.availability['7d'].coveredSince).toEqual(expect.any(String));
    expect(json.availability['24h'].coveredSince).toBe(json.availability['7d'].coveredSince);
    const html = String((await page(name, { token })).body);
    expect(html).toMatch(/Last 24 hours<\/dt><dd>\d\d\.\d\d% \(since [^)]+\)<\/dd>/);

    const core = adminKubeConfig().makeApiClient(CoreV1Api);
    const pods = (await core.listNamespacedPod({ namespace: spec.namespace })).items;
    const nodes = (await core.listNode()).items;
    const internals = new Set<string>([spec.namespace, `${spec.namespace}-monitoring`, cluster]);
    for (const pod of pods) for (const value of [pod.metadata?.name, pod.spec?.nodeName, pod.status?.podIP, pod.status?.hostIP, pod.metadata?.uid]) if (value) internals.add(value);
    for (const node of nodes) for (const value of [node.metadata?.name, ...(node.status?.addresses ?? []).map((a) => a.address)]) if (value) internals.add(value);
    console.log(`checked ${internals.size} internal values (${pods.length} pods, ${nodes.length} nodes) against ${html.length} bytes of HTML and ${JSON.stringify(json).length} of JSON`);
    expect(pods.length).toBeGreaterThan(0);
    for (const value of internals) {
      expect(html, value).not.toContain(value);
      expect(JSON.stringify(json), value).not.toContain(value);
    }
  }, 180_000);

  it('is shared for a few seconds by every viewer', async () => {
    const first = await page(name, { cookie: viewer.cookie, json: true });
    const second = await page(name, { cookie: admin.cookie, json: true });
    expect(second.body.generatedAt).toBe(first.body.generatedAt);
  });

  it('stays usable with Prometheus down, saying availability is unavailable', async () => {
    const down = await readStatusPage(getDeps(), { ...spec, observability: { ...spec.observability, prometheusUrl: 'http://127.0.0.1:1' } });
    console.log('prometheus down:', JSON.stringify({ status: down.status, availability: down.availability, notes: down.notes }));
    expect(down.availability).toEqual({ '24h': { status: 'unavailable', ratio: null }, '7d': { status: 'unavailable', ratio: null } });
    expect(down.notes).toEqual(expect.arrayContaining(['Availability figures are unavailable right now.', 'Current incidents cannot be read right now.']));
    expect(down.components.length).toBeGreaterThan(0);
  }, 30_000);
});
