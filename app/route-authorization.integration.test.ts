import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/core/auth/roles';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { call, configureRouteEnv, sessionCookieFor, tokenFor, type Call, type Handler } from '@/lib/test-support/route-harness';
import { getDeps } from '@/lib/server/deps';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { contextFor, createActor, ensureCluster, unique } from '@/lib/test-support/test-deps';
import { endSessionsAtSignOut } from '@/lib/server/auth/end-sessions-at-sign-out';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { grantTestbedNamespaces } from '@/lib/test-support/testbed-environment';
import { holdTestbed } from '@/lib/test-support/testbed-registrations';
import { endedRun, insertPlan } from '@/lib/test-support/plan-fixtures';
import { createTestDb } from '@/lib/test-support/test-deps';

// Every route handler and server action × every identity. Adding a route without an entry here
// fails the first test, so no endpoint ships without its authorization being checked.

type Identity = 'anonymous' | Role;
const roles: Role[] = ['viewer', 'operator', 'approver', 'admin'];
type Expected = Record<Identity, number>;
// Every role calls twice: with its personal API token and with its browser session cookie.
type Caller = { who: Identity; via: 'none' | 'token' | 'session' };
const callers: Caller[] = [{ who: 'anonymous', via: 'none' }, ...roles.flatMap((who) => [{ who, via: 'token' as const }, { who, via: 'session' as const }])];

const readOnly: Expected = { anonymous: 401, viewer: 200, operator: 200, approver: 200, admin: 200 };
const adminOnly = (ok: number): Expected => ({ anonymous: 401, viewer: 403, operator: 403, approver: 403, admin: ok });
const anySignedIn = (ok: number): Expected => ({ anonymous: 401, viewer: ok, operator: ok, approver: ok, admin: ok });
const operatorsAndAdmins = (ok: number): Expected => ({ anonymous: 401, viewer: 403, operator: ok, approver: 403, admin: ok });
const zeroUuid = '00000000-0000-4000-8000-000000000000';
const publicRoute: Expected = { anonymous: 200, viewer: 200, operator: 200, approver: 200, admin: 200 };

type Fixture = {
  openEnv: string;
  protectedEnv: string;
  cluster: string;
  /** An environment on the registered testbed, and a plan of it (plans reach its cluster). */
  planEnv: string;
  planId: string;
  tokenIds: Partial<Record<Identity, string>>;
  tokens: Partial<Record<Identity, string>>;
  cookies: Partial<Record<Identity, string>>;
  /** A user the admin routes act on, with one API token. */
  someone: { id: string; tokenId: string };
  /** A finished deploy run of openEnv (deploy engine). */
  runId: string;
  /** Admin credentials that must no longer work, or only for reading. */
  ended: { signedOutCookie: string; disabledCookie: string; disabledToken: string; outlivedCookie: string; readOnlyToken: string };
};
type Case = {
  label?: string;
  expect: Expected;
  /** Where token callers are answered differently from session callers. */
  expectViaToken?: Partial<Expected>;
  request: (fixture: Fixture, who: Identity) => Promise<Omit<Call, 'token' | 'cookie'>> | Omit<Call, 'token' | 'cookie'>;
  /** For rows whose calls each plan against the testbed. */
  timeoutMs?: number;
};
type Entry = Case | { cases: Case[] } | { skip: string };

/** A restore of a configuration backup (as personapass export writes it) under a new name. */
function restoreRequest(tier: 'development' | 'production'): Omit<Call, 'token' | 'cookie'> {
  const spec = starterSpec(unique('rrs'), tier);
  const name = unique('rrr');
  const manifest = { format: 'personapass-configuration-backup', version: 1, environment: spec.name, cluster: spec.cluster, namespace: spec.namespace, headRevision: 1, exportedAt: new Date().toISOString(), deployedRevisions: [], omittedSecrets: [] };
  return { method: 'POST', path: `/api/v1/environments/${name}/restore`, params: { name }, body: { manifest, spec } };
}

// Cluster registrations run a connection test: they target the running testbed (stack.sh up kube),
// registered once as the fixture's cluster (one cluster, one registration).
const testbed = testbedCluster('testbed');
holdTestbed();

async function headRevision(name: string, token: string): Promise<number> {
  const route = await import('./api/v1/environments/[name]/route');
  const response = await call(route.GET, { path: `/api/v1/environments/${name}`, params: { name }, token });
  return response.body.revision;
}

async function putRequest(name: string, tier: 'development' | 'staging') {
  const revision = await headRevision(name, fixture.tokens.admin!);
  const spec = starterSpec(name, tier);
  spec.components['wallet-api'].replicas = revision + 1;
  return { method: 'PUT', path: `/api/v1/environments/${name}`, params: { name }, headers: { 'if-match': `"${revision}"` }, body: { spec, changeNote: 'role test' } };
}

const table: Record<string, Entry> = {
  'GET /api/auth/[...nextauth]': { skip: "next-auth's own sign-in endpoints; covered by the Playwright sign-in tests" },
  'POST /api/auth/[...nextauth]': { skip: "next-auth's own sign-in endpoints; covered by the Playwright sign-in tests" },
  'GET /api/v1/openapi.json': { expect: publicRoute, request: () => ({ path: '/api/v1/openapi.json' }) },
  // The pods' probes (manifests/console): the kubelet has no token; they take no input and name only a failed check.
  'GET /api/ready': { expect: publicRoute, request: () => ({ path: '/api/ready' }) },
  'GET /api/live': { expect: publicRoute, request: () => ({ path: '/api/live' }) },
  'GET /api/v1/me': { expect: anySignedIn(200), request: () => ({ path: '/api/v1/me' }) },
  'GET /api/v1/environments': { expect: readOnly, request: () => ({ path: '/api/v1/environments' }) },
  'POST /api/v1/environments': {
    expect: operatorsAndAdmins(201),
    request: () => {
      const name = unique('rr');
      return { method: 'POST', path: '/api/v1/environments', body: { spec: starterSpec(name, 'development') } };
    },
  },
  'GET /api/v1/environments/[name]': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}`, params: { name: f.openEnv } }) },
  'PUT /api/v1/environments/[name]': {
    cases: [
      { label: 'unprotected', expect: operatorsAndAdmins(200), request: (f) => putRequest(f.openEnv, 'development') },
      { label: 'protected', expect: adminOnly(200), request: (f) => putRequest(f.protectedEnv, 'staging') },
    ],
  },
  'GET /api/v1/environments/[name]/revisions': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/revisions`, params: { name: f.openEnv } }) },
  'GET /api/v1/environments/[name]/revisions/[number]': {
    expect: readOnly,
    request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/revisions/1`, params: { name: f.openEnv, number: '1' } }),
  },
  'GET /api/v1/environments/[name]/diff': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/diff?from=1&to=1`, params: { name: f.openEnv } }) },
  'POST /api/v1/environments/[name]/clone': {
    cases: [
      {
        label: 'into development',
        expect: operatorsAndAdmins(201),
        request: (f) => ({ method: 'POST', path: `/api/v1/environments/${f.openEnv}/clone`, params: { name: f.openEnv }, body: { name: unique('rrc') } }),
      },
      {
        label: 'into production (protected)',
        expect: adminOnly(201),
        request: (f) => ({ method: 'POST', path: `/api/v1/environments/${f.protectedEnv}/clone`, params: { name: f.protectedEnv }, body: { name: unique('rrp'), tier: 'production' } }),
      },
    ],
  },
  'GET /api/v1/environments/[name]/backups': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/backups`, params: { name: f.openEnv } }) },
  'GET /api/v1/environments/[name]/configuration-backup': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/configuration-backup`, params: { name: f.openEnv } }) },
  'POST /api/v1/environments/[name]/restore': {
    cases: [
      { label: 'a development backup', expect: operatorsAndAdmins(201), request: () => restoreRequest('development') },
      { label: 'a production backup (stays protected)', expect: adminOnly(201), request: () => restoreRequest('production') },
    ],
  },
  // Backups are not configured in this file (no BACKUP_*): past the admin gate, 503 says so.
  // app/api/v1/backups.integration.test.ts configures them and shows 200 and 202.
  'GET /api/v1/backups': { expect: adminOnly(503), request: () => ({ path: '/api/v1/backups' }) },
  'POST /api/v1/backups': { expect: adminOnly(503), request: () => ({ method: 'POST', path: '/api/v1/backups' }) },
  'GET /api/v1/clusters': { expect: adminOnly(200), request: () => ({ path: '/api/v1/clusters' }) },
  'POST /api/v1/clusters': {
    // Past authorization an admin meets the one-registration rule: the testbed is the fixture's cluster.
    expect: adminOnly(409),
    request: () => ({ method: 'POST', path: '/api/v1/clusters', body: { ...testbed, name: unique('rrk') } }),
  },
  'GET /api/v1/clusters/[name]': { expect: adminOnly(200), request: (f) => ({ path: `/api/v1/clusters/${f.cluster}`, params: { name: f.cluster } }) },
  'PUT /api/v1/clusters/[name]': {
    expect: adminOnly(200),
    request: (f) => ({ method: 'PUT', path: `/api/v1/clusters/${f.cluster}`, params: { name: f.cluster }, body: { apiServerUrl: testbed.apiServerUrl, caBundle: testbed.caBundle } }),
  },
  'POST /api/v1/clusters/[name]/connection-test': {
    expect: adminOnly(200),
    request: (f) => ({ method: 'POST', path: `/api/v1/clusters/${f.cluster}/connection-test`, params: { name: f.cluster } }),
  },
  // Read live from the registered testbed; viewers are refused before the cluster is asked.
  'GET /api/v1/clusters/[name]/readiness': {
    expect: { anonymous: 401, viewer: 403, operator: 200, approver: 200, admin: 200 },
    request: (f) => ({ path: `/api/v1/clusters/${f.cluster}/readiness`, params: { name: f.cluster } }),
  },
  'GET /api/v1/tokens': { expect: anySignedIn(200), request: () => ({ path: '/api/v1/tokens' }) },
  'POST /api/v1/tokens': {
    // Tokens are made from a browser session only: a token never mints another.
    expect: anySignedIn(201),
    expectViaToken: { viewer: 403, operator: 403, approver: 403, admin: 403 },
    request: () => ({ method: 'POST', path: '/api/v1/tokens', body: { name: 'role test' } }),
  },
  'DELETE /api/v1/tokens/[id]': {
    // Each caller revokes a spare token of their own (again via its second identity: idempotent).
    expect: anySignedIn(200),
    request: (f, who) => {
      const id = f.tokenIds[who] ?? '00000000-0000-4000-8000-000000000000';
      return { method: 'DELETE', path: `/api/v1/tokens/${id}`, params: { id } };
    },
  },
  'GET /api/v1/audit-events': { expect: adminOnly(200), request: () => ({ path: '/api/v1/audit-events' }) },
  'GET /api/v1/users': { expect: adminOnly(200), request: () => ({ path: '/api/v1/users' }) },
  'GET /api/v1/environments/[name]/deploy-targets': {
    expect: readOnly,
    request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/deploy-targets`, params: { name: f.openEnv } }),
  },
  'GET /api/v1/environments/[name]/alerts': {
    expect: readOnly,
    request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/alerts`, params: { name: f.openEnv } }),
  },
  'POST /api/v1/deploy-targets/release': {
    // Authorization comes first; the admin is then told nobody holds this namespace.
    expect: adminOnly(404),
    request: () => ({ method: 'POST', path: '/api/v1/deploy-targets/release', body: { cluster: 'local', namespace: unique('nobody-holds') } }),
  },
  'GET /api/v1/environments/[name]/plans': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.planEnv}/plans`, params: { name: f.planEnv } }) },
  'POST /api/v1/environments/[name]/plans': {
    // Planning writes nothing to the cluster: operators and admins plan, protected or not.
    expect: operatorsAndAdmins(201),
    request: (f) => ({ method: 'POST', path: `/api/v1/environments/${f.planEnv}/plans`, params: { name: f.planEnv }, body: { components: ['wallet-api'] } }),
  },
  'GET /api/v1/plans/[id]': { expect: readOnly, request: (f) => ({ path: `/api/v1/plans/${f.planId}`, params: { id: f.planId } }) },
  'GET /api/v1/plans/[id]/objects': { expect: readOnly, request: (f) => ({ path: `/api/v1/plans/${f.planId}/objects?limit=5`, params: { id: f.planId } }) },
  'GET /api/v1/users/[id]': { expect: adminOnly(200), request: (f) => ({ path: `/api/v1/users/${f.someone.id}`, params: { id: f.someone.id } }) },
  'POST /api/v1/users/[id]/disable': {
    expect: adminOnly(200),
    request: (f) => ({ method: 'POST', path: `/api/v1/users/${f.someone.id}/disable`, params: { id: f.someone.id }, body: { reason: 'role test' } }),
  },
  'POST /api/v1/users/[id]/enable': { expect: adminOnly(200), request: (f) => ({ method: 'POST', path: `/api/v1/users/${f.someone.id}/enable`, params: { id: f.someone.id } }) },
  'DELETE /api/v1/users/[id]/tokens': { expect: adminOnly(200), request: (f) => ({ method: 'DELETE', path: `/api/v1/users/${f.someone.id}/tokens`, params: { id: f.someone.id } }) },
  'DELETE /api/v1/users/[id]/tokens/[tokenId]': {
    expect: adminOnly(200),
    request: (f) => ({ method: 'DELETE', path: `/api/v1/users/${f.someone.id}/tokens/${f.someone.tokenId}`, params: { id: f.someone.id, tokenId: f.someone.tokenId } }),
  },
  'POST /api/v1/users/[id]/role-check': {
    // The fixture user signed in without a refresh token: admins are told the role refreshes at sign-in.
    expect: adminOnly(400),
    request: (f) => ({ method: 'POST', path: `/api/v1/users/${f.someone.id}/role-check`, params: { id: f.someone.id } }),
  },
  // Deploy engine: each caller decides on a fresh plan of the protected environment, requested by someone else.
  'POST /api/v1/plans/[id]/approvals': {
    expect: { anonymous: 401, viewer: 403, operator: 403, approver: 201, admin: 403 },
    request: async (f) => planRequest(f, 'approvals', {}),
  },
  'POST /api/v1/plans/[id]/rejections': {
    expect: { anonymous: 401, viewer: 403, operator: 403, approver: 201, admin: 403 },
    request: async (f) => planRequest(f, 'rejections', { comment: 'role test' }),
  },
  'POST /api/v1/plans/[id]/runs': {
    // Past authorization, operators and admins meet the approval gate of the protected environment.
    expect: { anonymous: 401, viewer: 403, operator: 409, approver: 403, admin: 409 },
    request: async (f) => planRequest(f, 'runs', {}),
  },
  'GET /api/v1/runs/[id]': { expect: readOnly, request: (f) => ({ path: `/api/v1/runs/${f.runId}`, params: { id: f.runId } }) },
  'GET /api/v1/runs/[id]/events': { expect: readOnly, request: (f) => ({ path: `/api/v1/runs/${f.runId}/events`, params: { id: f.runId } }) },
  'POST /api/v1/runs/[id]/cancellations': {
    // Each caller meets a queued run of its own (one active run per environment).
    expect: operatorsAndAdmins(200),
    request: async (f) => queuedRunRequest(f),
  },
  'POST /api/v1/environments/[name]/rollback': {
    // A new plan of revision 1, which the fixture's run deployed: planned against the testbed.
    expect: operatorsAndAdmins(201),
    request: (f) => ({ method: 'POST', path: `/api/v1/environments/${f.planEnv}/rollback`, params: { name: f.planEnv }, body: { revision: 1 } }),
  },
  'GET /api/v1/environments/[name]/drift': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.planEnv}/drift`, params: { name: f.planEnv } }) },
  'POST /api/v1/environments/[name]/drift': {
    // The fixture's run deployed planEnv: its inventory compared with the testbed now.
    expect: operatorsAndAdmins(200),
    request: (f) => ({ method: 'POST', path: `/api/v1/environments/${f.planEnv}/drift`, params: { name: f.planEnv } }),
  },
  'POST /api/v1/environments/[name]/reconcile': {
    // A new plan of revision 1, the one the fixture's run deployed: planned against the testbed.
    expect: operatorsAndAdmins(201),
    request: (f) => ({ method: 'POST', path: `/api/v1/environments/${f.planEnv}/reconcile`, params: { name: f.planEnv }, body: {} }),
  },
  'GET /api/v1/environments/[name]/scale': {
    expect: readOnly,
    request: (f) => ({ path: `/api/v1/environments/${f.planEnv}/scale?component=wallet-api`, params: { name: f.planEnv } }),
  },
  'POST /api/v1/environments/[name]/scale': {
    // Each caller scales a fresh development environment on the testbed (planned there, deployed at once).
    expect: operatorsAndAdmins(201),
    request: async (f, who) => scaleRequest(f, who),
    timeoutMs: 180_000,
  },
  'GET /api/v1/environments/[name]/live': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/live`, params: { name: f.openEnv }, streamForMs: 300 }) },
  'GET /api/v1/environments/[name]/runs': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/runs`, params: { name: f.openEnv } }) },
  'GET /api/v1/environments/[name]/traces': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/traces?component=wallet-api&range=15m`, params: { name: f.openEnv } }) },
  'GET /api/v1/environments/[name]/dashboards': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/dashboards?range=6h`, params: { name: f.openEnv } }) },
  // Viewers are refused before anything is asked of the cluster; the others get as far as the
  // environment's fixture cluster, which cannot serve logs: "logs unavailable" (503). The testbed
  // proof is environment-logs.integration.test.ts.
  'GET /api/v1/environments/[name]/components/[component]/logs': {
    expect: { anonymous: 401, viewer: 403, operator: 503, approver: 503, admin: 503 },
    request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/components/wallet-api/logs?tail=10`, params: { name: f.openEnv, component: 'wallet-api' } }),
  },
  'GET /api/v1/environments/[name]/health': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/health`, params: { name: f.openEnv } }) },
  'GET /api/v1/environments/[name]/diagnosis': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/diagnosis?component=wallet-api`, params: { name: f.openEnv } }), timeoutMs: 120_000 },
  // It holds container logs: for those who may read them (operators, approvers, admins).
  'GET /api/v1/environments/[name]/support-bundle': {
    expect: { anonymous: 401, viewer: 403, operator: 200, approver: 200, admin: 200 },
    request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/support-bundle?component=wallet-api`, params: { name: f.openEnv } }),
    timeoutMs: 120_000,
  },
  'GET /api/v1/environments/[name]/status-links': { expect: adminOnly(200), request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/status-links`, params: { name: f.openEnv } }) },
  'POST /api/v1/environments/[name]/status-links': {
    expect: adminOnly(201),
    request: (f) => ({ method: 'POST', path: `/api/v1/environments/${f.openEnv}/status-links`, params: { name: f.openEnv }, body: { label: 'role test' } }),
  },
  'DELETE /api/v1/environments/[name]/status-links/[id]': {
    // Past authorization the admin is told no such link exists.
    expect: adminOnly(404),
    request: (f) => ({ method: 'DELETE', path: `/api/v1/environments/${f.openEnv}/status-links/00000000-0000-4000-8000-000000000000`, params: { name: f.openEnv, id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'GET /api/v1/environments/[name]/webhooks': { expect: adminOnly(200), request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/webhooks`, params: { name: f.openEnv } }) },
  'POST /api/v1/environments/[name]/webhooks': {
    // A public documentation address (TEST-NET-3): accepted without a DNS lookup; nothing is posted (no event is sent).
    expect: adminOnly(201),
    request: (f) => ({ method: 'POST', path: `/api/v1/environments/${f.openEnv}/webhooks`, params: { name: f.openEnv }, body: { name: 'role test', url: 'https://203.0.113.10/hook', format: 'generic' } }),
  },
  // Past authorization the admin is told no such webhook exists.
  'DELETE /api/v1/environments/[name]/webhooks/[id]': {
    expect: adminOnly(404),
    request: (f) => ({ method: 'DELETE', path: `/api/v1/environments/${f.openEnv}/webhooks/${zeroUuid}`, params: { name: f.openEnv, id: zeroUuid } }),
  },
  'GET /api/v1/environments/[name]/webhooks/[id]/deliveries': {
    expect: adminOnly(404),
    request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/webhooks/${zeroUuid}/deliveries`, params: { name: f.openEnv, id: zeroUuid } }),
  },
  'POST /api/v1/environments/[name]/webhooks/[id]/test': {
    expect: adminOnly(404),
    request: (f) => ({ method: 'POST', path: `/api/v1/environments/${f.openEnv}/webhooks/${zeroUuid}/test`, params: { name: f.openEnv, id: zeroUuid } }),
  },
  // Share links open it without a sign-in (status-page.integration.test.ts); without one, anonymous
  // callers learn nothing, not even that the environment exists: 404, not 401.
  'GET /status/[environment]': {
    cases: [
      { label: 'HTML', expect: { ...anySignedIn(200), anonymous: 404 }, request: (f) => ({ path: `/status/${f.openEnv}`, params: { environment: f.openEnv } }) },
      { label: 'JSON', expect: { ...anySignedIn(200), anonymous: 404 }, request: (f) => ({ path: `/status/${f.openEnv}.json`, params: { environment: `${f.openEnv}.json` } }) },
    ],
  },
  'GET /api/v1/environments/[name]/metrics': { expect: readOnly, request: (f) => ({ path: `/api/v1/environments/${f.openEnv}/metrics?chart=memory&range=15m`, params: { name: f.openEnv } }) },
};

const planDb = createTestDb();
async function planRequest(f: Fixture, what: 'approvals' | 'rejections' | 'runs', body: object) {
  const plan = await insertPlan(planDb, { environment: f.protectedEnv, requestedBy: f.someone.id });
  return { method: 'POST', path: `/api/v1/plans/${plan.id}/${what}`, params: { id: plan.id }, body };
}

async function queuedRunRequest(f: Fixture) {
  const name = unique('rr-queued');
  const environments = await import('./api/v1/environments/route');
  await call(environments.POST, { method: 'POST', path: '/api/v1/environments', token: f.tokens.admin, body: { spec: starterSpec(name, 'development') } });
  const plan = await insertPlan(planDb, { environment: name, requestedBy: f.someone.id });
  const audit = { actor: null, action: 'run.requested', targetType: 'environment' as const, targetName: name, requestId: randomUUID(), summary: 'role test' };
  const run = await getDeps().runs.createRun({ planId: plan.id, requestedBy: f.someone.id, kind: 'deploy' }, () => undefined, audit);
  return { method: 'POST', path: `/api/v1/runs/${run.id}/cancellations`, params: { id: run.id }, body: {} };
}

// A scale is refused, saving nothing, unless its plan passes its checks: those who may scale get an
// environment whose namespaces are granted to the console, as an administrator grants them.
const scaleGrants: Array<{ revoke: () => Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(scaleGrants.map((grant) => grant.revoke()));
}, 120_000);

async function scaleRequest(f: Fixture, who: Identity) {
  const name = unique('rr-scale');
  const spec = { ...starterSpec(name, 'development'), cluster: f.cluster };
  if (who === 'operator' || who === 'admin') scaleGrants.push(await grantTestbedNamespaces(name, spec.namespace));
  const environments = await import('./api/v1/environments/route');
  await call(environments.POST, { method: 'POST', path: '/api/v1/environments', token: f.tokens.admin, body: { spec } });
  // Deployed once (a scale that deploys at once is refused before that: it would deploy everything).
  await endedRun(getDeps(), planDb, { environment: name, requestedBy: f.someone.id });
  return { method: 'POST', path: `/api/v1/environments/${name}/scale`, params: { name }, body: { component: 'wallet-api', replicas: 2 } };
}

// The real handlers: `export const GET = ...`, `export function GET`, `export { handler as GET }`.
// The 405 and OPTIONS handlers of `export const { PUT, ..., OPTIONS } = otherMethodsNotAllowed(...)` are not routes.
function discoverRoutes(): Array<{ key: string; file: string; method: string }> {
  const appDir = path.resolve('app');
  const files = readdirSync(appDir, { recursive: true, encoding: 'utf8' }).filter((file) => /(^|\/)route\.ts$/.test(file));
  return files.flatMap((file) => {
    const source = readFileSync(path.join(appDir, file), 'utf8');
    const methods = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b|export \{[^}]*\b(?:as )?(GET|POST|PUT|PATCH|DELETE)\b[^}]*\}/g)];
    const exported = new Set<string>();
    for (const match of methods) exported.add((match[1] ?? match[2])!);
    for (const match of source.matchAll(/handler as (GET|POST|PUT|PATCH|DELETE)/g)) exported.add(match[1]!);
    const routePath = `/${path.dirname(file)}`;
    return [...exported].map((method) => ({ key: `${method} ${routePath}`, file, method }));
  });
}

function discoverServerActions(): string[] {
  const roots = ['app', 'components', 'lib'].map((dir) => path.resolve(dir));
  return roots.flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(ts|tsx)$/.test(file) && !file.includes('generated'))
      .filter((file) => /^\s*['"]use server['"]/m.test(readFileSync(path.join(root, file), 'utf8')))
      .map((file) => path.relative(process.cwd(), path.join(root, file))),
  );
}

const fixture: Fixture = {
  openEnv: '',
  protectedEnv: '',
  cluster: '',
  planEnv: '',
  planId: '',
  tokenIds: {},
  tokens: {},
  cookies: {},
  someone: { id: '', tokenId: '' },
  runId: '',
  ended: { signedOutCookie: '', disabledCookie: '', disabledToken: '', outlivedCookie: '', readOnlyToken: '' },
};

/** Admins whose access has ended in each way a session or token can end (or never could write). */
async function endedAdminCredentials(): Promise<Fixture['ended']> {
  const deps = getDeps();
  const [signedOut, disabled, outlived, readOnly] = await Promise.all([tokenFor('admin'), tokenFor('admin'), tokenFor('admin'), tokenFor('admin')]);
  await endSessionsAtSignOut(deps, signedOut.userId, randomUUID());
  await deps.users.disableUser({ id: disabled.userId, reason: 'role test' }, { actor: null, action: 'user.disabled', targetType: 'user', targetName: disabled.email, requestId: randomUUID(), summary: 'role test' });
  const readActor = { userId: readOnly.userId, email: readOnly.email, name: 'Test admin', role: 'admin' as const, via: 'session' as const, signedInAt: new Date() };
  const readToken = await createApiToken(contextFor(deps, readActor), { name: 'read only', expiresInDays: 1, scope: 'read' });
  return {
    signedOutCookie: signedOut.cookie,
    disabledCookie: disabled.cookie,
    disabledToken: disabled.token,
    outlivedCookie: await sessionCookieFor(outlived.userId, { ageSeconds: deps.settings.sessionMaxAgeSeconds + 60 }),
    readOnlyToken: readToken.secret,
  };
}

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  const someone = await createActor(getDeps(), 'operator');
  const someoneToken = await createApiToken(contextFor(getDeps(), someone), { name: 'someone', expiresInDays: 1, scope: 'read-write' });
  fixture.someone = { id: someone.userId, tokenId: someoneToken.id };
  fixture.ended = await endedAdminCredentials();
  for (const role of roles) {
    const identity = await tokenFor(role);
    fixture.tokens[role] = identity.token;
    fixture.cookies[role] = identity.cookie;
  }
  const environments = await import('./api/v1/environments/route');
  fixture.openEnv = unique('rr-open');
  await call(environments.POST, { method: 'POST', path: '/api/v1/environments', token: fixture.tokens.admin, body: { spec: starterSpec(fixture.openEnv, 'development') } });
  fixture.protectedEnv = unique('rr-guarded');
  await call(environments.POST, { method: 'POST', path: '/api/v1/environments', token: fixture.tokens.admin, body: { spec: starterSpec(fixture.protectedEnv, 'staging') } });
  const clusters = await import('./api/v1/clusters/route');
  fixture.cluster = unique('rr-cluster');
  const registered = await call(clusters.POST, { method: 'POST', path: '/api/v1/clusters', token: fixture.tokens.admin, body: { ...testbed, name: fixture.cluster } });
  if (registered.status !== 201) throw new Error(`registering the testbed failed: ${JSON.stringify(registered.body)}`);
  fixture.planEnv = unique('rr-plan');
  await call(environments.POST, { method: 'POST', path: '/api/v1/environments', token: fixture.tokens.admin, body: { spec: { ...starterSpec(fixture.planEnv, 'development'), cluster: fixture.cluster } } });
  const plans = await import('./api/v1/environments/[name]/plans/route');
  const planned = await call(plans.POST, { method: 'POST', path: `/api/v1/environments/${fixture.planEnv}/plans`, params: { name: fixture.planEnv }, token: fixture.tokens.admin, body: {} });
  if (planned.status !== 201) throw new Error(`planning failed: ${JSON.stringify(planned.body)}`);
  fixture.planId = planned.body.id;
  fixture.runId = (await endedRun(getDeps(), planDb, { environment: fixture.openEnv, requestedBy: someone.userId })).runId;
  // Revision 1 of planEnv deployed once, so it can be rolled back to (its plan above is superseded).
  await endedRun(getDeps(), planDb, { environment: fixture.planEnv, requestedBy: someone.userId });
  const tokens = await import('./api/v1/tokens/route');
  for (const role of roles) {
    const spare = await call(tokens.POST, { method: 'POST', path: '/api/v1/tokens', cookie: fixture.cookies[role], body: { name: 'spare' } });
    fixture.tokenIds[role] = spare.body.id;
  }
});

describe('role × route', () => {
  const routes = discoverRoutes();

  it('has an entry for every route handler and server action, and none for routes that are gone', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.map((route) => route.key).filter((key) => !(key in table))).toEqual([]);
    expect(Object.keys(table).filter((key) => !routes.some((route) => route.key === key))).toEqual([]);
    // The console has no server actions: every write goes through the REST API. A new one needs a row.
    expect(discoverServerActions()).toEqual([]);
  });

  for (const route of routes) {
    const entry = table[route.key];
    if (!entry || 'skip' in entry) continue;
    for (const testCase of 'cases' in entry ? entry.cases : [entry]) {
      it(`${route.key}${testCase.label ? ` (${testCase.label})` : ''} answers each identity as expected`, async () => {
        const routeModule = (await import(/* @vite-ignore */ path.resolve('app', route.file))) as Record<string, Handler>;
        const answers: Record<string, number> = {};
        const expected: Record<string, number> = {};
        for (const { who, via } of callers) {
          const request = await testCase.request(fixture, who);
          const credentials = via === 'token' ? { token: fixture.tokens[who] } : via === 'session' ? { cookie: fixture.cookies[who] } : {};
          const response = await call(routeModule[route.method]!, { ...request, ...credentials });
          answers[`${who} via ${via}`] = response.status;
          expected[`${who} via ${via}`] = (via === 'token' ? testCase.expectViaToken?.[who] : undefined) ?? testCase.expect[who];
        }
        expect(answers).toEqual(expected);
      }, testCase.timeoutMs);

      if (testCase.expect.anonymous !== 401) continue; // public routes answer everyone
      it(`${route.key}${testCase.label ? ` (${testCase.label})` : ''} refuses ended admin access: signed out, disabled, past its lifetime, read-only writes, cookie writes without Origin`, async () => {
        const routeModule = (await import(/* @vite-ignore */ path.resolve('app', route.file))) as Record<string, Handler>;
        const write = route.method !== 'GET';
        const ended: Array<[string, Partial<Call>, number]> = [
          ['cookie replayed after sign-out', { cookie: fixture.ended.signedOutCookie }, 401],
          ['disabled user’s cookie', { cookie: fixture.ended.disabledCookie }, 401],
          ['disabled user’s token', { token: fixture.ended.disabledToken }, 401],
          ['cookie past its absolute lifetime', { cookie: fixture.ended.outlivedCookie }, 401],
          ...(write
            ? ([
                ['read-only token', { token: fixture.ended.readOnlyToken }, 403],
                ['cookie write without Origin or Sec-Fetch-Site', { cookie: fixture.cookies.admin, origin: null }, 403],
              ] as Array<[string, Partial<Call>, number]>)
            : []),
        ];
        const answers: Record<string, number> = {};
        const expected: Record<string, number> = {};
        for (const [label, credentials, status] of ended) {
          const request = await testCase.request(fixture, 'admin');
          const response = await call(routeModule[route.method]!, { ...request, ...credentials, headers: { ...request.headers, ...credentials.headers } });
          answers[label] = response.status;
          expected[label] = status;
        }
        expect(answers).toEqual(expected);
      }, testCase.timeoutMs);
    }
  }
});

describe('methods a route does not implement', () => {
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const byFile = new Map<string, string[]>();
  // The status page (/status/[environment]) and the probes refuse other methods with the same handlers as the API.
  const probes = ['api/ready/', 'api/live/'];
  for (const route of discoverRoutes().filter((candidate) => candidate.file.startsWith('api/v1/') || candidate.file.startsWith('status/') || probes.some((probe) => candidate.file.startsWith(probe)))) {
    byFile.set(route.file, [...(byFile.get(route.file) ?? []), route.method]);
  }

  for (const [file, implemented] of byFile) {
    const routePath = `/${path.dirname(file)}`;
    it(`${routePath} answers every other method with 405, the JSON error and Allow, and OPTIONS with Allow`, async () => {
      const routeModule = (await import(/* @vite-ignore */ path.resolve('app', file))) as Record<string, Handler | undefined>;
      // Next answers HEAD with GET where there is one, and OPTIONS itself.
      const others = methods.filter((method) => !implemented.includes(method) && !(method === 'HEAD' && implemented.includes('GET')));
      const allow = [...implemented, 'OPTIONS', ...(implemented.includes('GET') ? ['HEAD'] : [])].sort().join(', ');
      const answers: Record<string, unknown> = {};
      for (const method of others) {
        const handler = routeModule[method];
        if (!handler) {
          answers[method] = 'not exported: Next would answer an empty 405';
          continue;
        }
        // Anonymous on purpose: a route's methods are public (OPTIONS, the OpenAPI document), so 405 comes first.
        const response = await call(handler, { method, path: routePath });
        answers[method] = { status: response.status, code: response.body?.error?.code, allow: response.headers.get('allow'), requestId: /^[0-9a-f-]{36}$/.test(response.headers.get('x-request-id') ?? '') };
      }
      expect(answers).toEqual(Object.fromEntries(others.map((method) => [method, { status: 405, code: 'method_not_allowed', allow, requestId: true }])));
      // Next's own OPTIONS would list the 405 handlers as methods the route has.
      const options = routeModule.OPTIONS ? await call(routeModule.OPTIONS, { method: 'OPTIONS', path: routePath }) : undefined;
      expect({ status: options?.status, allow: options?.headers.get('allow') }).toEqual({ status: 204, allow });
    });
  }
});
