import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { sealedClusterRecord } from './sealed-cluster-record';

const db = createTestDb();
const deps = createTestDeps(db);
afterAll(() => db.$disconnect());

const audit = (name: string) => ({ actor: null, action: 'cluster.created', targetType: 'cluster' as const, targetName: name, requestId: randomUUID(), summary: 'test' });

describe('deps.clusterGateways', () => {
  it('opens the registered credential, keeps one gateway per cluster, and builds a new one when the credential changes', async () => {
    const name = unique('gwc');
    const testbed = { ...testbedCluster(name), name };
    // A fixture identity: this record stands beside any real registration of the testbed.
    await deps.clusters.createCluster(sealedClusterRecord(deps, testbed, { clusterUid: `fixture:${name}`, credentialExpiresAt: null }), audit(name));

    const first = await deps.clusterGateways.forCluster(name);
    expect(first.cluster).toBe(name);
    expect(await deps.clusterGateways.forCluster(name)).toBe(first);
    // The console's ServiceAccount may read the platform's namespaces: the decrypted token works.
    expect((await first.get({ apiVersion: 'v1', kind: 'Namespace', name: 'personapass-dev' }))?.metadata.name).toBe('personapass-dev');

    const renewed = sealedClusterRecord(deps, { ...testbed, credential: { kind: 'token', token: 'a-token-the-server-refuses' } }, { clusterUid: `fixture:${name}`, credentialExpiresAt: null });
    await deps.clusters.updateCluster(renewed, { ...audit(name), action: 'cluster.updated' });
    const second = await deps.clusterGateways.forCluster(name);
    expect(second).not.toBe(first);
    await expect(second.get({ apiVersion: 'v1', kind: 'Namespace', name: 'personapass-dev' })).rejects.toMatchObject({
      code: 'forbidden',
      message: `cluster ${name} refused the console's credential (401 Unauthorized): renew it on the Clusters page`,
    });
  });

  it('answers NotFound for a cluster nobody registered', async () => {
    await expect(deps.clusterGateways.forCluster('nowhere')).rejects.toMatchObject({ code: 'not_found', message: 'no cluster named nowhere' });
  });
});
