import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { ensureCluster, unique } from '@/lib/test-support/test-deps';
import * as releaseRoute from './deploy-targets/release/route';
import * as cloneRoute from './environments/[name]/clone/route';
import * as targetsRoute from './environments/[name]/deploy-targets/route';
import * as environmentRoute from './environments/[name]/route';
import * as environmentsRoute from './environments/route';
import * as revisionRoute from './environments/[name]/revisions/[number]/route';
import * as revisionsRoute from './environments/[name]/revisions/route';

// Protection follows the deploy target (cluster, namespace), not the environment's name.

let operator: string;
let admin: string;
let db: pg.Client;

beforeAll(async () => {
  configureRouteEnv();
  await Promise.all([ensureCluster(getDeps()), ensureCluster(getDeps(), 'other')]);
  const [o, a] = await Promise.all([tokenFor('operator'), tokenFor('admin')]);
  [operator, admin] = [o.token, a.token];
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
});
afterAll(() => db.end());

const create = (spec: EnvironmentSpec, token = operator) =>
  call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token, body: { spec, changeNote: 'target test' } });

async function put(spec: EnvironmentSpec, revision: number, token = operator) {
  return call(environmentRoute.PUT, { method: 'PUT', path: `/api/v1/environments/${spec.name}`, params: { name: spec.name }, token, headers: { 'if-match': `"${revision}"` }, body: { spec, changeNote: 'move' } });
}

const devSpec = (namespace?: string) => {
  const name = unique('tg');
  return { ...starterSpec(name, 'development'), namespace: namespace ?? `ns-${name}` };
};

async function counts() {
  const { rows } = await db.query<{ environments: number; revisions: number; targets: number }>(
    'SELECT (SELECT count(*)::int FROM environments) AS environments, (SELECT count(*)::int FROM environment_revisions) AS revisions, (SELECT count(*)::int FROM deploy_targets) AS targets',
  );
  return rows[0]!;
}

describe('deploy targets', () => {
  it('never lets two environments share a namespace of a cluster: 409 naming the holder, nothing written', async () => {
    const first = devSpec();
    expect((await create(first)).status).toBe(201);
    const before = await counts();
    const second = { ...devSpec(), namespace: first.namespace };
    const refused = await create(second);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`belongs to environment ${first.name}`);
    expect(refused.body.error.details).toMatchObject({ path: 'spec.namespace', cluster: 'local', namespace: first.namespace, environment: first.name });
    expect(await counts()).toEqual(before);
    // The same namespace on another cluster is another target.
    expect((await create({ ...second, cluster: 'other' })).status).toBe(201);
  });

  it('counts the namespaces the platform adds (-monitoring, -tracing) as the environment’s own', async () => {
    const first = devSpec();
    await create(first);
    const refused = await create({ ...devSpec(), namespace: `${first.namespace}-monitoring` });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ namespace: `${first.namespace}-monitoring`, environment: first.name });
  });

  it('applies to edits and clones too, and frees a namespace an environment moves away from', async () => {
    const a = devSpec();
    const b = devSpec();
    await create(a);
    await create(b);
    const revisionsOfB = await counts();
    const steal = await put({ ...b, namespace: a.namespace }, 1);
    expect(steal.status).toBe(409);
    expect(steal.body.error.message).toContain(a.name);
    expect(await counts()).toEqual(revisionsOfB);

    const cloneOnto = await call(cloneRoute.POST, { method: 'POST', path: `/api/v1/environments/${a.name}/clone`, params: { name: a.name }, token: operator, body: { name: unique('tgc'), namespace: a.namespace } });
    expect(cloneOnto.status).toBe(409);
    const clone = await call(cloneRoute.POST, { method: 'POST', path: `/api/v1/environments/${a.name}/clone`, params: { name: a.name }, token: operator, body: { name: unique('tgc') } });
    expect(clone.status).toBe(201);

    const moved = await put({ ...a, namespace: `${a.namespace}-moved` }, 1);
    expect(moved.status).toBe(200);
    // The old namespace may still run a's platform: nobody else adopts it until an admin releases it.
    const adopt = await put({ ...b, namespace: a.namespace }, 1);
    expect(adopt.status).toBe(409);
    expect(adopt.body.error.message).toContain(`left behind by environment ${a.name}`);
    const targets = await call(targetsRoute.GET, { path: `/api/v1/environments/${a.name}/deploy-targets`, params: { name: a.name }, token: operator });
    expect(targets.body.items.filter((t: { leftAt: string | null }) => t.leftAt).map((t: { namespace: string }) => t.namespace).sort()).toEqual(
      [a.namespace, `${a.namespace}-monitoring`, `${a.namespace}-tracing`].sort(),
    );
    const release = (namespace: string, token = admin) =>
      call(releaseRoute.POST, { method: 'POST', path: '/api/v1/deploy-targets/release', token, body: { cluster: 'local', namespace } });
    expect((await release(a.namespace, operator)).status).toBe(403);
    expect((await release(`${a.namespace}-moved`)).status).toBe(409); // in use
    for (const namespace of [a.namespace, `${a.namespace}-monitoring`, `${a.namespace}-tracing`]) {
      expect((await release(namespace)).body).toMatchObject({ namespace, releasedFrom: a.name, leftAt: null });
    }
    expect((await put({ ...b, namespace: a.namespace }, 1)).status).toBe(200);
    const audit = await db.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'environment.target-released' AND target_name = $1", [a.name]);
    expect(audit.rows[0].n).toBe(3);
  });

  it('lets an environment move back to the namespace it left behind', async () => {
    const a = devSpec();
    await create(a);
    expect((await put({ ...a, namespace: `${a.namespace}-elsewhere` }, 1)).status).toBe(200);
    expect((await put({ ...a, namespace: a.namespace }, 2)).status).toBe(200);
    const targets = await call(targetsRoute.GET, { path: `/api/v1/environments/${a.name}/deploy-targets`, params: { name: a.name }, token: operator });
    expect(targets.body.items.filter((t: { leftAt: string | null }) => !t.leftAt).map((t: { namespace: string }) => t.namespace).sort()).toEqual(
      [a.namespace, `${a.namespace}-monitoring`, `${a.namespace}-tracing`].sort(),
    );
  });

  it('keeps a namespace a protected environment used for protected environments', async () => {
    const guarded = { ...starterSpec(unique('tgp'), 'staging'), namespace: `ns-${unique('guarded')}` };
    expect((await create(guarded, admin)).status).toBe(201);
    // The admin moves the protected environment elsewhere and releases what it left behind, once
    // empty: the namespace stays protected.
    expect((await put({ ...guarded, namespace: `${guarded.namespace}-v2` }, 1, admin)).status).toBe(200);
    for (const namespace of [guarded.namespace, `${guarded.namespace}-monitoring`, `${guarded.namespace}-tracing`]) {
      expect((await call(releaseRoute.POST, { method: 'POST', path: '/api/v1/deploy-targets/release', token: admin, body: { cluster: 'local', namespace } })).status).toBe(200);
    }
    const takeover = await create({ ...devSpec(), namespace: guarded.namespace });
    expect(takeover.status).toBe(409);
    expect(takeover.body.error.message).toContain(`was used by the protected environment ${guarded.name}`);
    const protectedClaimant = { ...starterSpec(unique('tgq'), 'staging'), namespace: guarded.namespace };
    expect((await create(protectedClaimant, admin)).status).toBe(201);
  });

  it('gives a namespace to exactly one of two concurrent claimants', async () => {
    const namespace = `ns-${unique('race')}`;
    const answers = await Promise.all([create(devSpec(namespace)), create(devSpec(namespace)), create(devSpec(namespace))]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
  });

  it('is a database constraint, not only a check in the code', async () => {
    const holder = devSpec();
    await create(holder);
    const intruder = devSpec();
    await create(intruder);
    await expect(
      db.query(
        `INSERT INTO deploy_targets (cluster, namespace, environment_id, protected, last_environment)
         SELECT 'local', $1, id, false, name FROM environments WHERE name = $2`,
        [holder.namespace, intruder.name],
      ),
    ).rejects.toThrow(/deploy_targets_pkey/);
  });

  it('refuses a spec naming a cluster nobody registered, with the field path', async () => {
    const before = await counts();
    const refused = await create({ ...devSpec(), cluster: 'nowhere' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.issues).toEqual([expect.objectContaining({ path: 'spec.cluster' })]);
    expect(await counts()).toEqual(before);
  });
});

describe('the approval gate', () => {
  it('cannot drop below two approvals in production, even for an admin', async () => {
    const prod = { ...starterSpec(unique('tgprod'), 'production'), namespace: `ns-${unique('prod')}` };
    expect((await create(prod, admin)).status).toBe(201);
    const weakened = await put({ ...prod, protection: { ...prod.protection, approvalsRequired: 1 } }, 1, admin);
    expect(weakened.status).toBe(400);
    expect(weakened.body.error.details.issues).toEqual([expect.objectContaining({ path: 'spec.protection.approvalsRequired' })]);
  });

  it('is lowered by admins only, as its own audit event', async () => {
    const staging = { ...starterSpec(unique('tgstg'), 'staging'), namespace: `ns-${unique('stg')}` };
    staging.protection.approvalsRequired = 2;
    expect((await create(staging, admin)).status).toBe(201);
    const lowered = { ...staging, protection: { ...staging.protection, approvalsRequired: 1 } };
    const byOperator = await put(lowered, 1);
    expect(byOperator.status).toBe(403);
    expect((await put(lowered, 1, admin)).status).toBe(200);
    const { rows } = await db.query('SELECT action, summary FROM audit_events WHERE target_name = $1 ORDER BY created_at', [staging.name]);
    expect(rows.at(-1)).toMatchObject({ action: 'environment.protection-lowered', summary: expect.stringContaining('approvals 2 → 1') });
  });
});

describe('lists', () => {
  it('show the head revision’s summary and never carry specs', async () => {
    const spec = devSpec();
    await create(spec);
    await put({ ...spec, namespace: `${spec.namespace}-2` }, 1);
    const listed = await call(environmentsRoute.GET, { path: '/api/v1/environments?limit=200', token: operator });
    expect(listed.body.items.find((item: { name: string }) => item.name === spec.name)).toMatchObject({ revision: 2, namespace: `${spec.namespace}-2`, tier: 'development', cluster: 'local' });
    const revisions = await call(revisionsRoute.GET, { path: `/api/v1/environments/${spec.name}/revisions`, params: { name: spec.name }, token: operator });
    expect(revisions.body.items).toHaveLength(2);
    expect(revisions.body.items.every((item: object) => !('spec' in item))).toBe(true);
  });

  it('answer 404 for the revisions of an environment that does not exist, cursor or not', async () => {
    const name = unique('ghost');
    for (const query of ['', '?cursor=5']) {
      const missing = await call(revisionsRoute.GET, { path: `/api/v1/environments/${name}/revisions${query}`, params: { name }, token: operator });
      expect(missing.status).toBe(404);
    }
  });
});

describe('stored specs', () => {
  it('are parsed when read: an old revision that today’s rules refuse still reads, with its problems', async () => {
    const spec = devSpec();
    await create(spec);
    // A revision written before production needed two approvals (as an older console allowed).
    const old = { ...structuredClone(spec), tier: 'production', protection: { protected: true, approvalsRequired: 1, approvalExpiryHours: 24 } };
    delete old.components['credential-worker'].autoscaling.workingHours; // production refuses those too
    await db.query(
      `INSERT INTO environment_revisions (id, environment_id, number, spec, spec_version, spec_hash, change_note, author_id)
       SELECT gen_random_uuid(), e.id, 2, $2::jsonb, 1, 'old', 'written by an older console', r.author_id
         FROM environments e JOIN environment_revisions r ON r.environment_id = e.id AND r.number = 1 WHERE e.name = $1`,
      [spec.name, JSON.stringify(old)],
    );
    const read = await call(revisionRoute.GET, { path: `/api/v1/environments/${spec.name}/revisions/2`, params: { name: spec.name, number: '2' }, token: operator });
    expect(read.status).toBe(200);
    expect(read.body.specProblems).toEqual([expect.objectContaining({ path: 'protection.approvalsRequired' })]);
    const first = await call(revisionRoute.GET, { path: `/api/v1/environments/${spec.name}/revisions/1`, params: { name: spec.name, number: '1' }, token: operator });
    expect(first.body.specProblems).toEqual([]);
  });
});
