// The kinds the console watches for its live views, and where the API server serves each. A
// closed list: watching is shared and memory-bounded per kind, so a new kind comes with its
// trimming function (trim-live-object.ts).

export const namespacedLiveKinds = ['Deployment', 'ReplicaSet', 'Pod', 'Event', 'ScaledObject', 'PodDisruptionBudget', 'HorizontalPodAutoscaler'] as const;
/** Cluster-scoped kinds: watched once per cluster (namespace '' in their WatchKey). Nodes give pods their zone. */
export const clusterLiveKinds = ['Node'] as const;
/** Kinds watched in one namespace of the cluster that no environment holds: Velero's Backups, in Velero's namespace. */
export const veleroLiveKinds = ['Backup'] as const;
export const liveKinds = [...namespacedLiveKinds, ...clusterLiveKinds, ...veleroLiveKinds] as const;
export type LiveKind = (typeof liveKinds)[number];

export type LiveResource = { apiVersion: string; /** `/api/v1`, `/apis/apps/v1` */ basePath: string; /** plural */ resource: string };

export const liveResources: Record<LiveKind, LiveResource> = {
  Deployment: { apiVersion: 'apps/v1', basePath: '/apis/apps/v1', resource: 'deployments' },
  ReplicaSet: { apiVersion: 'apps/v1', basePath: '/apis/apps/v1', resource: 'replicasets' },
  Pod: { apiVersion: 'v1', basePath: '/api/v1', resource: 'pods' },
  Event: { apiVersion: 'v1', basePath: '/api/v1', resource: 'events' },
  ScaledObject: { apiVersion: 'keda.sh/v1alpha1', basePath: '/apis/keda.sh/v1alpha1', resource: 'scaledobjects' },
  PodDisruptionBudget: { apiVersion: 'policy/v1', basePath: '/apis/policy/v1', resource: 'poddisruptionbudgets' },
  HorizontalPodAutoscaler: { apiVersion: 'autoscaling/v2', basePath: '/apis/autoscaling/v2', resource: 'horizontalpodautoscalers' },
  Node: { apiVersion: 'v1', basePath: '/api/v1', resource: 'nodes' },
  Backup: { apiVersion: 'velero.io/v1', basePath: '/apis/velero.io/v1', resource: 'backups' },
};

/** One shared list-and-watch: a kind in one namespace of one registered cluster (namespace '' for a cluster-scoped kind). */
export type WatchKey = { cluster: string; kind: LiveKind; namespace: string };

export const watchKeyString = (key: WatchKey) => `${key.cluster}/${key.kind}/${key.namespace}`;
