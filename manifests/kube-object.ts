import type { Model } from '@kubernetes-models/base';

/** What every renderer returns: a kubernetes-models instance, so `.validate()` is always at hand. */
export interface KubeObject extends Model<unknown> {
  apiVersion: string;
  kind: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects: how problems and plans name objects. */
export function objectId(object: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const { name = '', namespace } = object.metadata ?? {};
  return namespace ? `${object.kind}/${namespace}/${name}` : `${object.kind}/${name}`;
}

// Apply order of the deploy waves: what others depend on comes first.
const kindOrder = [
  'Namespace',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'Service',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
  'TriggerAuthentication',
  'ScaledObject',
  'VerticalPodAutoscaler',
  'NetworkPolicy',
  'PeerAuthentication',
  'RequestAuthentication',
  'AuthorizationPolicy',
  'EnvoyFilter',
  'Gateway',
  'DestinationRule',
  'VirtualService',
  'Telemetry',
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
  'Prometheus',
  'Alertmanager',
];

export function kindRank(kind: string): number {
  const rank = kindOrder.indexOf(kind);
  return rank === -1 ? kindOrder.length : rank;
}

/** Deterministic order: apply wave, then kind, namespace and name. */
export function sortObjects<T extends KubeObject>(objects: readonly T[]): T[] {
  const key = (o: T) => [kindRank(o.kind), o.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? ''] as const;
  return [...objects].sort((a, b) => {
    const [ra, ka, na, ma] = key(a);
    const [rb, kb, nb, mb] = key(b);
    return ra - rb || cmp(ka, kb) || cmp(na, nb) || cmp(ma, mb);
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Plain JSON of an object, as the API server and the YAML files see it. */
export function toPlain(object: KubeObject): Record<string, unknown> {
  return JSON.parse(JSON.stringify(object.toJSON())) as Record<string, unknown>;
}
