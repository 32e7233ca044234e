import type { ClusterRecord } from '@/lib/core/ports';

export function toClusterDto(cluster: ClusterRecord) {
  return {
    name: cluster.name,
    apiServerUrl: cluster.apiServerUrl,
    caBundle: cluster.caBundle,
    credentialKind: cluster.credentialKind,
    createdAt: cluster.createdAt.toISOString(),
    updatedAt: cluster.updatedAt.toISOString(),
  };
}
