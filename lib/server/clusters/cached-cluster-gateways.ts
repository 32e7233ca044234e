import type { ClusterConnection } from '@/lib/core/clusters/connection-test';
import type { ClusterGateway, ClusterGateways } from '@/lib/core/deploy/cluster-gateway';
import { NotFound } from '@/lib/core/errors';
import { sha256Hex } from '@/lib/core/hash';
import type { ClusterStore, SecretBox } from '@/lib/core/ports';
import { openSealedCredential } from './open-cluster-credential';

export type ClosableGateway = ClusterGateway & { close(): Promise<void> };

/**
 * One gateway (one connection pool, one discovery cache) per registered cluster, kept while its
 * stored connection stays the same. The record is read on every call, so a credential renewed on
 * the Clusters page (or the URL and CA with it) is used from the next call on, and the old pool closed.
 */
export class CachedClusterGateways implements ClusterGateways {
  private readonly cache = new Map<string, { fingerprint: string; gateway: ClosableGateway }>();

  constructor(
    private readonly clusters: ClusterStore,
    private readonly secrets: SecretBox,
    private readonly build: (connection: ClusterConnection) => ClosableGateway,
  ) {}

  async forCluster(name: string): Promise<ClusterGateway> {
    const record = await this.clusters.findCluster(name);
    if (!record) throw new NotFound(`no cluster named ${name}`);
    const fingerprint = sha256Hex([record.apiServerUrl, record.caBundle, record.credential.keyId, record.credential.ciphertext.toString('base64')].join('\n'));
    const cached = this.cache.get(name);
    if (cached?.fingerprint === fingerprint) return cached.gateway;
    const credential = openSealedCredential(this.secrets, record);
    const gateway = this.build({ name, apiServerUrl: record.apiServerUrl, caBundle: record.caBundle, credential });
    this.cache.set(name, { fingerprint, gateway });
    // Requests under way on the old pool finish; it takes no new ones.
    if (cached) void cached.gateway.close();
    return gateway;
  }
}
