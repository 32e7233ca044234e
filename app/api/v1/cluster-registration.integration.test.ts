import { CoreV1Api } from '@kubernetes/client-node';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { sealedClusterRecord } from '@/lib/server/clusters/sealed-cluster-record';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { unique } from '@/lib/test-support/test-deps';
import { testbedAlias, testbedCluster } from '@/lib/test-support/testbed-cluster';
import { holdTestbed, testbedUid } from '@/lib/test-support/testbed-registrations';
import { adminKubeConfig, applyObjects, deleteObjects, namespaceAdminObjects } from '@/scripts/stack/test-support';
import * as connectionTestRoute from './clusters/[name]/connection-test/route';
import * as clusterRoute from './clusters/[name]/route';
import * as clustersRoute from './clusters/route';
import * as environmentsRoute from './environments/route';

// Registering clusters over HTTP against the testbed. Deploy targets (and with them protection) are
// held per cluster name, so one real cluster must have one name: the attacker's review of issue 7
// (H1) registered the testbed again under another name and URL spelling, then took a protected
// environment's namespace with an unprotected one (SRE F14 the same). And the credential stored
// must be the console's own ServiceAccount, the only identity the admission policies bind (SRE F8).

let operator: string;
let admin: string;
let uid: string;
let db: pg.Client;
const testbedRegistrations = holdTestbed();

beforeAll(async () => {
  configureRouteEnv();
  [operator, admin] = await Promise.all([tokenFor('operator'), tokenFor('admin')]).then((ids) => ids.map((id) => id.token));
  uid = await testbedUid();
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
});
afterAll(() => db.end());
beforeEach(() => testbedRegistrations.forget());

const register = (body: object) => call(clustersRoute.POST, { method: 'POST', path: '/api/v1/clusters', token: admin, body });
const createEnvironment = (spec: object, token = operator) => call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token, body: { spec, changeNote: 'registration test' } });
const auditOf = async (name: string) => (await db.query('SELECT action, summary FROM audit_events WHERE target_name = $1 ORDER BY created_at', [name])).rows;

/** A cluster record as an earlier console stored it, or as another cluster's would be: the testbed's connection details, another identity. */
async function storeRecord(name: string, clusterUid: string | null) {
  const deps = getDeps();
  const record = sealedClusterRecord(deps, testbedCluster(name), { clusterUid: 'placeholder', credentialExpiresAt: null });
  await deps.clusters.createCluster({ ...record, clusterUid }, { actor: null, action: 'cluster.created', targetType: 'cluster', targetName: name, requestId: 'test', summary: 'stored by an earlier version' });
}

describe('one cluster, one registration', () => {
  it('refuses the testbed under a second name and another URL spelling, naming the first (409)', async () => {
    const first = testbedCluster(unique('prodcl'));
    const registered = await register(first);
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ clusterUid: uid, connectionTest: { clusterUid: uid } });
    const namespace = `ns-${unique('shared')}`;
    expect((await createEnvironment({ ...starterSpec(unique('prod'), 'production'), cluster: first.name, namespace }, admin)).status).toBe(201);

    for (const apiServerUrl of [testbedAlias(first.apiServerUrl), first.apiServerUrl]) {
      const alias = { ...testbedCluster(unique('alias')), apiServerUrl };
      const refused = await register(alias);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining(`this cluster is registered already, as ${first.name} (${first.apiServerUrl}, kube-system UID ${uid})`) });
      // So no unprotected environment can name the protected namespace through it.
      const sneaky = await createEnvironment({ ...starterSpec(unique('sneaky'), 'development'), cluster: alias.name, namespace });
      expect(sneaky.status).toBe(400);
      expect((await call(clusterRoute.GET, { path: `/api/v1/clusters/${alias.name}`, params: { name: alias.name }, token: admin })).status).toBe(404);
    }
  });

  it('moves a cluster to another spelling of the same API server, and refuses a move that lands on another cluster', async () => {
    const testbed = testbedCluster(unique('moving'));
    expect((await register(testbed)).status).toBe(201);
    const put = (name: string, apiServerUrl: string) =>
      call(clusterRoute.PUT, { method: 'PUT', path: `/api/v1/clusters/${name}`, params: { name }, token: admin, body: { apiServerUrl, caBundle: testbed.caBundle, credential: testbed.credential } });
    expect((await put(testbed.name, testbedAlias(testbed.apiServerUrl))).status).toBe(200);

    // A cluster registered for another real cluster, whose URL an admin now points at the testbed.
    const other = unique('other');
    await storeRecord(other, `another-cluster-${other}`);
    const landed = await put(other, testbed.apiServerUrl);
    expect(landed.status).toBe(409);
    expect(landed.body.error.message).toContain(`the API server now answering for cluster ${other} is another cluster (kube-system UID ${uid}, registered: another-cluster-${other})`);
    const retested = await call(connectionTestRoute.POST, { method: 'POST', path: `/api/v1/clusters/${other}/connection-test`, params: { name: other }, token: admin });
    expect(retested.status).toBe(409);
    expect((await call(clusterRoute.GET, { path: `/api/v1/clusters/${other}`, params: { name: other }, token: admin })).body.clusterUid).toBe(`another-cluster-${other}`);
  });

  it('records the identity of a cluster registered before identities were, once, on its next test', async () => {
    const [legacy, twin] = [unique('legacy'), unique('twin')];
    await storeRecord(legacy, null);
    await storeRecord(twin, null);
    const retest = (name: string) => call(connectionTestRoute.POST, { method: 'POST', path: `/api/v1/clusters/${name}/connection-test`, params: { name }, token: admin });
    expect((await retest(legacy)).status).toBe(200);
    expect((await call(clusterRoute.GET, { path: `/api/v1/clusters/${legacy}`, params: { name: legacy }, token: admin })).body.clusterUid).toBe(uid);
    expect((await auditOf(legacy)).map((event) => event.action)).toEqual(['cluster.created', 'cluster.identity-recorded']);
    // The same cluster stored twice by the earlier version: the second learns it is the first.
    const second = await retest(twin);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(`registered already, as ${legacy}`);
  });
});

describe('a credential that is not the console’s own ServiceAccount', () => {
  // A namespace administrator of the environment's namespaces (the built-in `admin` ClusterRole
  // bound there, plus patch on them): what an administrator might hand over instead of the token
  // console-rbac.yaml describes. It reads every Secret there and execs into pods, and no admission
  // policy applies to it.
  const id = unique('deployer');
  const kube = adminKubeConfig();
  const objects = namespaceAdminObjects(id);
  let token = '';
  beforeAll(async () => {
    await applyObjects(kube, objects);
    const answer = await kube.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({ name: 'deployer', namespace: id, body: { spec: { expirationSeconds: 3600 } } });
    token = answer.status!.token!;
  });
  afterAll(() => deleteObjects(kube, objects));

  it('is refused (400 on credential) unless an admin overrides it with a reason, which the audit log keeps', async () => {
    const name = unique('nsadmin');
    const body = { ...testbedCluster(name), credential: { kind: 'token', token } };
    const refused = await register(body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.issues).toEqual([{ path: 'credential', message: expect.stringContaining(`it acts as system:serviceaccount:${id}:deployer, not as the console's ServiceAccount`) }]);
    expect((await call(clusterRoute.GET, { path: `/api/v1/clusters/${name}`, params: { name }, token: admin })).status).toBe(404);

    const reason = 'the platform team migrates off the shared deployer this week';
    const overridden = await register({ ...body, override: { reason } });
    expect(overridden.status).toBe(201);
    expect(overridden.body.connectionTest).toMatchObject({ identityIsConsole: false, credentialExpiresAt: expect.any(String) });
    expect(overridden.body.credentialExpiresAt).toBe(overridden.body.connectionTest.credentialExpiresAt);
    expect(new Date(overridden.body.credentialExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    expect((await auditOf(name))[0]?.summary).toContain(`override reason: ${reason}`);

    // With an environment on it, the test also sees what the credential may do in its namespaces.
    expect((await createEnvironment({ ...starterSpec(unique('team'), 'development'), cluster: name, namespace: id })).status).toBe(201);
    const retested = await call(connectionTestRoute.POST, { method: 'POST', path: `/api/v1/clusters/${name}/connection-test`, params: { name }, token: admin });
    const broader = retested.body.broader.filter((answer: { allowed: boolean }) => answer.allowed).map((answer: { verb: string; resource: string; subresource?: string; namespace?: string }) => `${answer.verb} ${answer.resource}${answer.subresource ? `/${answer.subresource}` : ''} ${answer.namespace}`);
    expect(broader).toEqual(expect.arrayContaining([`list secrets ${id}`, `get secrets ${id}`, `create pods/exec ${id}`, `list secrets ${id}-monitoring`]));
    // Keeping it needs the override again at every change.
    const put = (extra: object) => call(clusterRoute.PUT, { method: 'PUT', path: `/api/v1/clusters/${name}`, params: { name }, token: admin, body: { apiServerUrl: body.apiServerUrl, caBundle: body.caBundle, ...extra } });
    const unchanged = await put({});
    expect(unchanged.status).toBe(400);
    expect(unchanged.body.error.details.issues[0].message).toContain(`it may list secrets in ${id}`);
    expect((await put({ override: { reason } })).status).toBe(200);
  });
});
