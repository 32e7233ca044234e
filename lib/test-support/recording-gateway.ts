import type { ClusterGateway, PlainObject } from '@/lib/core/deploy/cluster-gateway';
import type { Deps } from '@/lib/server/deps';

// A cluster that accepts everything and remembers what was applied: for tests of what a run
// sends, where the testbed's answers do not matter (a fake, named as such).

export function recordingGateway(applied: PlainObject[]): ClusterGateway {
  return {
    get: async () => null,
    apply: async (object: PlainObject) => {
      applied.push(object);
      return { ...object, metadata: { ...object.metadata, resourceVersion: '1' } };
    },
    dryRunApply: async (object: PlainObject) => object,
    delete: async () => 'deleted' as const,
    rolloutStatus: async () => ({ complete: true, wanted: 1, updated: 1, ready: 1, available: 1, problems: [] }),
    compareWriteOnly: async () => ({ exists: false, changedFields: [] }),
  } as unknown as ClusterGateway;
}

/** The deps with every cluster answered by `gateway`. */
export function withGateway(deps: Deps, gateway: ClusterGateway): Deps {
  return { ...deps, clusterGateways: { forCluster: async () => gateway } as unknown as Deps['clusterGateways'] };
}
