import { randomUUID } from 'node:crypto';
import { errorCode } from '@/lib/core/errors';
import type { CreateClusterInput } from '@/lib/server/clusters/cluster-input';
import { sealedClusterRecord } from '@/lib/server/clusters/sealed-cluster-record';
import type { Deps } from '@/lib/server/deps';

// Free of vitest, so Playwright specs and benchmarks register clusters the same way.

export const testCaBundle = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';

/**
 * A registered cluster record (environments may only name registered clusters). Stored directly:
 * nothing in these tests connects to it, so each name stands for a cluster of its own (a fake
 * identity; a cluster is registered once).
 */
export async function ensureCluster(deps: Deps, name = 'local', connection?: CreateClusterInput): Promise<void> {
  const input = connection ?? { name, apiServerUrl: 'https://127.0.0.1:56443', caBundle: testCaBundle, credential: { kind: 'token' as const, token: 'test-cluster-token' } };
  try {
    await deps.clusters.createCluster(sealedClusterRecord(deps, input, { clusterUid: `fixture:${name}`, credentialExpiresAt: null }), {
      actor: null,
      action: 'cluster.created',
      targetType: 'cluster',
      targetName: name,
      requestId: randomUUID(),
      summary: 'test fixture',
    });
  } catch (error) {
    if (errorCode(error) !== 'conflict') throw error;
  }
}

