import type { ClusterDto } from '@/lib/core/contract/responses';
import type { ClusterRecord } from '@/lib/core/ports';
import type { TestedCluster } from './create-cluster';

export function toClusterDto(cluster: ClusterRecord): ClusterDto {
  return {
    name: cluster.name,
    apiServerUrl: cluster.apiServerUrl,
    caBundle: cluster.caBundle,
    credentialKind: cluster.credentialKind,
    clusterUid: cluster.clusterUid,
    credentialExpiresAt: cluster.credentialExpiresAt?.toISOString() ?? null,
    createdAt: cluster.createdAt.toISOString(),
    updatedAt: cluster.updatedAt.toISOString(),
  };
}

/** A registration or update answers with what the connection test found. */
export function toTestedClusterDto({ cluster, connectionTest }: TestedCluster) {
  return { ...toClusterDto(cluster), connectionTest };
}
