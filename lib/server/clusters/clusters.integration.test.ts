import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/adapters/prisma/prisma-client';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { createCluster } from './create-cluster';
import { findClusters } from './find-clusters';
import { openClusterCredential } from './open-cluster-credential';
import { registerClusterAsSystem } from './register-cluster-as-system';

const caBundle = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';
let db: Db;

beforeAll(() => {
  db = createTestDb();
});
afterAll(() => db.$disconnect());

describe('cluster credentials', () => {
  it('open on the server after a key rotation, and never appear in listings', async () => {
    const before = createTestDeps(db, 'k1');
    const admin = contextFor(before, await createActor(before, 'admin'));
    const name = unique('cl');
    await createCluster(admin, { name, apiServerUrl: 'https://127.0.0.1:56443', caBundle, credential: { kind: 'token', token: 'old-key-token-123' } });
    const after = createTestDeps(db, 'k2');
    expect(await openClusterCredential(after, name)).toEqual({ kind: 'token', token: 'old-key-token-123' });
    expect(JSON.stringify(await findClusters(contextFor(after, admin.actor)))).not.toContain('old-key-token-123');
  });

  it('registers the local testbed as the system, then refreshes it, auditing both', async () => {
    const deps = createTestDeps(db);
    const name = unique('local');
    const input = { name, apiServerUrl: 'https://127.0.0.1:56443', caBundle, credential: { kind: 'token' as const, token: 'first-token-value' } };
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
