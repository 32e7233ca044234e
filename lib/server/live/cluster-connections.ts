import type { ClusterConnection } from '@/lib/core/clusters/connection-test';
import { NotFound } from '@/lib/core/errors';
import { sha256Hex } from '@/lib/core/hash';
import type { ClusterStore, SecretBox } from '@/lib/core/ports';
import { openSealedCredential } from '../clusters/open-cluster-credential';

/**
 * A registered cluster's connection for the live watches, with a fingerprint of its stored
 * address and credential: the watches build a new connection pool when it changes (a renewed
 * credential), as CachedClusterGateways does for the deploy engine.
 */
export function clusterConnections(clusters: ClusterStore, secrets: SecretBox) {
  return async (name: string): Promise<{ connection: ClusterConnection; fingerprint: string }> => {
    const record = await clusters.findCluster(name);
    if (!record) throw new NotFound(`no cluster named ${name}`);
    const fingerprint = sha256Hex([record.apiServerUrl, record.caBundle, record.credential.keyId, record.credential.ciphertext.toString('base64')].join('\n'));
    const credential = openSealedCredential(secrets, record);
    return { connection: { name, apiServerUrl: record.apiServerUrl, caBundle: record.caBundle, credential }, fingerprint };
  };
}
