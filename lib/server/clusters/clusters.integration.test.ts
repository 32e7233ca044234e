import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/adapters/prisma/prisma-client';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { createCluster } from './create-cluster';
import { findClusters } from './find-clusters';
import { getCluster } from './get-cluster';
import { openClusterCredential } from './open-cluster-credential';
import { registerClusterAsSystem } from './register-cluster-as-system';
import { updateCluster } from './update-cluster';

const caBundle = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';
const otherCa = '-----BEGIN CERTIFICATE-----\nMIIBother\n-----END CERTIFICATE-----';
const url = 'https://127.0.0.1:56443';
let db: Db;

beforeAll(() => {
  db = createTestDb();
});
afterAll(() => db.$disconnect());

async function adminWithCluster(token = 'first-token-value') {
  const deps = createTestDeps(db);
  const admin = contextFor(deps, await createActor(deps, 'admin'));
  const name = unique('cl');
  await createCluster(admin, { name, apiServerUrl: url, caBundle, credential: { kind: 'token', token } });
  return { deps, admin, name };
}

describe('cluster credentials', () => {
  it('open on the server after a key rotation, and never appear in listings', async () => {
    const before = createTestDeps(db, 'k1');
    const admin = contextFor(before, await createActor(before, 'admin'));
    const name = unique('cl');
    await createCluster(admin, { name, apiServerUrl: url, caBundle, credential: { kind: 'token', token: 'old-key-token-123' } });
    const after = createTestDeps(db, 'k2');
    expect(await openClusterCredential(after, name)).toEqual({ kind: 'token', token: 'old-key-token-123' });
    expect(JSON.stringify(await findClusters(contextFor(after, admin.actor)))).not.toContain('old-key-token-123');
  });

  it('registers the local testbed as the system, then refreshes it, auditing both', async () => {
    const deps = createTestDeps(db);
    const name = unique('local');
    const input = { name, apiServerUrl: url, caBundle, credential: { kind: 'token' as const, token: 'first-token-value' } };
    expect(await registerClusterAsSystem(deps, input, randomUUID())).toBe('created');
    expect(await registerClusterAsSystem(deps, { ...input, credential: { kind: 'token', token: 'second-token-value' } }, randomUUID())).toBe('updated');
    expect(await openClusterCredential(deps, name)).toEqual({ kind: 'token', token: 'second-token-value' });
    const audit = await db.auditEvent.findMany({ where: { targetName: name }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((event) => [event.action, event.actorLabel])).toEqual([
      ['cluster.created', 'system'],
      ['cluster.credential-rotated', 'system'],
    ]);
  });
});

describe('a cluster credential is bound to name, API server URL and CA', () => {
  it.each([
    ['API server URL', { apiServerUrl: 'https://10.9.9.9:6443' }],
    ['CA bundle', { caBundle: otherCa }],
  ])('no longer opens once its %s is edited in the database directly', async (_field, edit) => {
    const { deps, name } = await adminWithCluster();
    await db.cluster.update({ where: { name }, data: edit });
    await expect(openClusterCredential(deps, name)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/does not match its API server URL and CA .*re-enter the credential/),
    });
  });

  it('fails closed on a record sealed the old way (bound to the name only), asking to re-enter it', async () => {
    const deps = createTestDeps(db);
    const name = unique('legacy');
    const sealed = deps.secrets.seal(JSON.stringify({ kind: 'token', token: 'legacy-token-value' }), `cluster:${name}`);
    await db.cluster.create({
      data: { name, apiServerUrl: url, caBundle, credentialKind: 'token', credentialKeyId: sealed.keyId, credentialCiphertext: new Uint8Array(sealed.ciphertext) },
    });
    await expect(openClusterCredential(deps, name)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/earlier version .*re-enter the credential/),
    });
  });

  it.each([
    ['API server URL', { apiServerUrl: 'https://10.9.9.9:6443', caBundle }],
    ['CA bundle', { apiServerUrl: url, caBundle: otherCa }],
  ])('refuses a change of the %s without the credential, saving nothing', async (field, change) => {
    const { admin, name } = await adminWithCluster();
    const before = await getCluster(admin, name);
    await expect(updateCluster(admin, name, change)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(`changing the ${field} needs the credential again`),
      issues: [{ path: 'credential', message: `required when the ${field} changes` }],
    });
    expect(await getCluster(admin, name)).toEqual(before);
    expect(await openClusterCredential(admin.deps, name)).toEqual({ kind: 'token', token: 'first-token-value' });
  });

  it('moves with the credential re-entered, auditing the old and the new URL', async () => {
    const { admin, name } = await adminWithCluster();
    const moved = await updateCluster(admin, name, { apiServerUrl: 'https://10.9.9.9:6443', caBundle: otherCa, credential: { kind: 'token', token: 'second-token-value' } });
    expect(moved).toMatchObject({ apiServerUrl: 'https://10.9.9.9:6443', caBundle: otherCa });
    expect(await openClusterCredential(admin.deps, name)).toEqual({ kind: 'token', token: 'second-token-value' });
    const audit = await db.auditEvent.findMany({ where: { targetName: name }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((event) => event.action)).toEqual(['cluster.created', 'cluster.updated']);
    expect(audit[1]?.summary).toBe(`moved the API server from ${url} to https://10.9.9.9:6443; replaced the CA bundle; replaced the token credential`);
  });

  it('keeps the stored credential, still opening, when an update changes neither URL nor CA', async () => {
    const { admin, name } = await adminWithCluster();
    await updateCluster(admin, name, { apiServerUrl: url, caBundle });
    expect(await openClusterCredential(admin.deps, name)).toEqual({ kind: 'token', token: 'first-token-value' });
  });
});
