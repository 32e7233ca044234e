import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/adapters/prisma/prisma-client';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { testbedAlias, testbedCluster, testbedPem } from '@/lib/test-support/testbed-cluster';
import { holdTestbed, testbedUid } from '@/lib/test-support/testbed-registrations';
import { createEnvironment } from '../environments/create-environment';
import { createCluster } from './create-cluster';
import { findClusters } from './find-clusters';
import { getCluster } from './get-cluster';
import { openClusterCredential } from './open-cluster-credential';
import { registerClusterAsSystem } from './register-cluster-as-system';
import { testClusterConnection } from './test-cluster-connection';
import { updateCluster } from './update-cluster';

// Against the real testbed (stack.sh up kube): registrations and updates run their connection test
// there, as the console's ServiceAccount.

const testbed = testbedCluster('testbed');
const { apiServerUrl: url, caBundle, credential } = testbed;
const consoleUser = 'system:serviceaccount:personapass-system:personapass-console';
let db: Db;
let uid: string;
// Every test registers the testbed afresh: one cluster, one registration.
const testbedRegistrations = holdTestbed();
beforeEach(() => testbedRegistrations.forget());

beforeAll(async () => {
  db = createTestDb();
  uid = await testbedUid();
});
afterAll(() => db.$disconnect());

async function adminWithCluster() {
  const deps = createTestDeps(db);
  const admin = contextFor(deps, await createActor(deps, 'admin'));
  const name = unique('cl');
  await createCluster(admin, { ...testbed, name });
  return { deps, admin, name };
}

const auditOf = (name: string) => db.auditEvent.findMany({ where: { targetName: name }, orderBy: { createdAt: 'asc' } });

describe('cluster credentials', () => {
  it('open on the server after a key rotation, and never appear in listings', async () => {
    const before = createTestDeps(db, 'k1');
    const admin = contextFor(before, await createActor(before, 'admin'));
    const name = unique('cl');
    await createCluster(admin, { ...testbed, name });
    const after = createTestDeps(db, 'k2');
    expect(await openClusterCredential(after, name)).toEqual(credential);
    expect(JSON.stringify(await findClusters(contextFor(after, admin.actor)))).not.toContain(credential.kind === 'token' ? credential.token : '');
  });

  it('registers the local testbed as the system, then refreshes it, auditing both', async () => {
    const deps = createTestDeps(db);
    const name = unique('local');
    expect(await registerClusterAsSystem(deps, { ...testbed, name }, randomUUID())).toMatchObject({ outcome: 'created', connectionTest: { identity: { username: consoleUser } } });
    expect((await registerClusterAsSystem(deps, { ...testbed, name }, randomUUID())).outcome).toBe('updated');
    expect(await openClusterCredential(deps, name)).toEqual(credential);
    expect((await auditOf(name)).map((event) => [event.action, event.actorLabel])).toEqual([
      ['cluster.created', 'system'],
      ['cluster.credential-rotated', 'system'],
    ]);
  });
});

describe('a cluster credential is bound to name, API server URL and CA', () => {
  it.each([
    ['API server URL', { apiServerUrl: testbedAlias(url) }],
    ['CA bundle', { caBundle: testbedPem('apiserver.crt') }],
  ])('no longer opens once its %s is edited in the database directly', async (_field, edit) => {
    const { deps, admin, name } = await adminWithCluster();
    await db.cluster.update({ where: { name }, data: edit });
    const refusal = { code: 'conflict', message: expect.stringMatching(/does not match its API server URL and CA .*re-enter the credential/) };
    await expect(openClusterCredential(deps, name)).rejects.toMatchObject(refusal);
    await expect(testClusterConnection(admin, name)).rejects.toMatchObject(refusal);
  });

  it('fails closed on a record sealed the old way (bound to the name only), asking to re-enter it', async () => {
    const deps = createTestDeps(db);
    const admin = contextFor(deps, await createActor(deps, 'admin'));
    const name = unique('legacy');
    const sealed = deps.secrets.seal(JSON.stringify(credential), `cluster:${name}`);
    await db.cluster.create({
      data: { name, apiServerUrl: url, caBundle, credentialKind: 'token', credentialKeyId: sealed.keyId, credentialCiphertext: new Uint8Array(sealed.ciphertext) },
    });
    const refusal = { code: 'conflict', message: expect.stringMatching(/earlier version .*re-enter the credential/) };
    await expect(openClusterCredential(deps, name)).rejects.toMatchObject(refusal);
    await expect(updateCluster(admin, name, { apiServerUrl: url, caBundle })).rejects.toMatchObject(refusal);
    // Re-entering it is the way out, and records which cluster it is.
    await updateCluster(admin, name, { apiServerUrl: url, caBundle, credential });
    expect(await openClusterCredential(deps, name)).toEqual(credential);
    expect((await getCluster(admin, name)).clusterUid).toBe(uid);
  });

  it.each([
    ['API server URL', { apiServerUrl: 'https://10.9.9.9:6443', caBundle }],
    ['CA bundle', { apiServerUrl: url, caBundle: testbedPem('apiserver.crt') }],
  ])('refuses a change of the %s without the credential, saving nothing', async (field, change) => {
    const { admin, name } = await adminWithCluster();
    const before = await getCluster(admin, name);
    await expect(updateCluster(admin, name, change)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(`changing the ${field} needs the credential again`),
      issues: [{ path: 'credential', message: `required when the ${field} changes` }],
    });
    expect(await getCluster(admin, name)).toEqual(before);
    expect(await openClusterCredential(admin.deps, name)).toEqual(credential);
  });

  it('moves with the credential re-entered, auditing the old and the new URL', async () => {
    const { admin, name } = await adminWithCluster();
    const moved = await updateCluster(admin, name, { apiServerUrl: testbedAlias(url), caBundle, credential });
    expect(moved.cluster).toMatchObject({ apiServerUrl: testbedAlias(url) });
    expect(await openClusterCredential(admin.deps, name)).toEqual(credential);
    const audit = await auditOf(name);
    expect(audit.map((event) => event.action)).toEqual(['cluster.created', 'cluster.updated']);
    expect(audit[1]?.summary).toBe(`moved the API server from ${url} to ${testbedAlias(url)}; replaced the token credential; acting as ${consoleUser}`);
  });

  it('keeps the stored credential, still opening, when an update changes neither URL nor CA', async () => {
    const { admin, name } = await adminWithCluster();
    await updateCluster(admin, name, { apiServerUrl: url, caBundle });
    expect(await openClusterCredential(admin.deps, name)).toEqual(credential);
  });

  it('never pairs a stored credential with another address, even when the store is asked to', async () => {
    const { deps, admin, name } = await adminWithCluster();
    const existing = await getCluster(admin, name);
    await deps.clusters.updateCluster({ ...existing, apiServerUrl: 'https://10.9.9.9:6443' }, { actor: null, action: 'test', targetType: 'cluster', targetName: name, requestId: randomUUID(), summary: 'test' });
    expect((await getCluster(admin, name)).apiServerUrl).toBe(url);
    expect(await openClusterCredential(deps, name)).toEqual(credential);
  });
});

describe('the connection test', () => {
  it("registers a cluster showing its identity and the rights needed in its environments' namespaces", async () => {
    const deps = createTestDeps(db);
    const admin = contextFor(deps, await createActor(deps, 'admin'));
    const name = unique('cl');
    // Environments may only name registered clusters: at registration there are none to check yet.
    const { connectionTest: atRegistration } = await createCluster(admin, { ...testbed, name });
    expect(atRegistration.identity.username).toBe(consoleUser);
    expect(atRegistration.namespaces).toEqual([]);
    expect((await auditOf(name))[0]?.summary).toBe(`registered ${url} (kube-system UID ${uid}) with a token credential acting as ${consoleUser}`);
    // An environment deploying to this cluster, into the namespaces the testbed grants the console.
    await createEnvironment(admin, { spec: { ...starterSpec(unique('env'), 'development'), cluster: name, namespace: 'personapass-dev' }, changeNote: 'test' });
    const connectionTest = await testClusterConnection(admin, name);
    expect(connectionTest.identity.username).toBe(consoleUser);
    expect(connectionTest.namespaces).toEqual(['personapass-dev', 'personapass-dev-monitoring', 'personapass-dev-tracing']);
    expect(connectionTest.needed.length).toBe(21);
    expect(connectionTest.needed.filter((answer) => !answer.allowed)).toEqual([]);
    // Least privilege: none of the broad rights a cluster-admin token would have, cluster-wide or in those namespaces.
    expect(connectionTest.broader).toHaveLength(4 + 3 * 3);
    expect(connectionTest.broader.filter((answer) => answer.allowed)).toEqual([]);
    expect(connectionTest).toMatchObject({ identityIsConsole: true, clusterUid: uid, credentialExpiresAt: expect.any(String) });
  });

  it('refuses a credential broader than needed unless an admin overrides it, with the reason in the audit log', async () => {
    const deps = createTestDeps(db);
    const admin = contextFor(deps, await createActor(deps, 'admin'));
    const name = unique('cl');
    const adminCertificate = { kind: 'client-certificate' as const, certificate: testbedPem('admin.crt'), key: testbedPem('admin.key') };
    await expect(createCluster(admin, { ...testbed, name, credential: adminCertificate })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(`the credential for cluster ${name} should not be stored: it acts as`),
      issues: [{ path: 'credential', message: expect.stringContaining('it may list secrets cluster-wide') }],
    });
    expect(await deps.clusters.findCluster(name)).toBeNull();

    const override = { reason: 'break-glass registration for the migration weekend' };
    const { connectionTest } = await createCluster(admin, { ...testbed, name, credential: adminCertificate, override });
    expect(connectionTest.identityIsConsole).toBe(false);
    expect(connectionTest.broader.map((answer) => answer.allowed)).toEqual([true, true, true, true]);
    expect((await auditOf(name))[0]?.summary).toMatch(/stored despite: it acts as .*; it may list secrets cluster-wide .*; override reason: break-glass registration for the migration weekend$/);
  });

  it.each([
    ['a CA that is not the server’s', { caBundle: testbedPem('admin.crt') }, { code: 'invalid_input', issues: [{ path: 'caBundle', message: expect.any(String) }] }],
    ['a token the server refuses', { credential: { kind: 'token' as const, token: 'not-a-real-token-at-all' } }, { code: 'invalid_input', issues: [{ path: 'credential', message: expect.any(String) }] }],
    ['an unreachable server', { apiServerUrl: 'https://127.0.0.1:9' }, { code: 'unavailable', message: expect.stringContaining('at https://127.0.0.1:9 is unreachable') }],
  ])('saves nothing when it fails: %s', async (_case, change, refusal) => {
    const deps = createTestDeps(db);
    const admin = contextFor(deps, await createActor(deps, 'admin'));
    const name = unique('cl');
    await expect(createCluster(admin, { ...testbed, name, ...change })).rejects.toMatchObject(refusal);
    expect(await deps.clusters.findCluster(name)).toBeNull();
    expect(await auditOf(name)).toEqual([]);

    await createCluster(admin, { ...testbed, name });
    await expect(updateCluster(admin, name, { apiServerUrl: url, caBundle, credential, ...change })).rejects.toMatchObject(refusal);
    expect(await getCluster(admin, name)).toMatchObject({ apiServerUrl: url, caBundle });
    expect(await openClusterCredential(deps, name)).toEqual(credential);
    expect((await auditOf(name)).map((event) => event.action)).toEqual(['cluster.created']);
  });
});
