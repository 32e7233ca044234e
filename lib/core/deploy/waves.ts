import type { PlainObject } from './cluster-gateway';

// A deploy applies objects in waves: what others depend on comes first. Within a wave objects are
// independent and may be applied in parallel (bounded); a wave starts when the one before is done.
//
// Traffic is routed last, and only to pods that serve: `rollout` holds no objects, the run waits
// there for the rollouts of the Deployments the plan creates or changes that a DestinationRule
// subset selects (routing-gate.ts), and fails before routing anything if one never becomes ready.
// Then the subsets a route may name (`destinations`), then the routes (`routes`), then the
// DestinationRules that drop a subset (`retired-subsets`), once no route names it any more: a
// VirtualService never names a subset its DestinationRule does not define (Envoy answers 503 NC).
// Network and authorization policies stay in `mesh`, before the rollouts, as new pods may need them
// to become ready.

export const waves = ['namespaces', 'rbac', 'config', 'services', 'workloads', 'scaling', 'mesh', 'monitoring', 'rollout', 'destinations', 'routes', 'retired-subsets'] as const;
export type Wave = (typeof waves)[number];

/** The waves that route traffic, after the rollout gate. */
export const routingWaves: readonly Wave[] = ['destinations', 'routes', 'retired-subsets'];

const waveByKind: Record<string, Wave> = {
  Namespace: 'namespaces',
  ServiceAccount: 'rbac',
  Role: 'rbac',
  RoleBinding: 'rbac',
  ClusterRole: 'rbac',
  ClusterRoleBinding: 'rbac',
  ConfigMap: 'config',
  Secret: 'config',
  PersistentVolumeClaim: 'config',
  Service: 'services',
  Deployment: 'workloads',
  StatefulSet: 'workloads',
  CronJob: 'workloads',
  PodDisruptionBudget: 'scaling',
  TriggerAuthentication: 'scaling',
  ScaledObject: 'scaling',
  HorizontalPodAutoscaler: 'scaling',
  VerticalPodAutoscaler: 'scaling',
  NetworkPolicy: 'mesh',
  PeerAuthentication: 'mesh',
  AuthorizationPolicy: 'mesh',
  RequestAuthentication: 'mesh',
  Gateway: 'mesh',
  EnvoyFilter: 'mesh',
  Telemetry: 'mesh',
  DestinationRule: 'destinations',
  VirtualService: 'routes',
  ServiceMonitor: 'monitoring',
  PodMonitor: 'monitoring',
  PrometheusRule: 'monitoring',
  Prometheus: 'monitoring',
  Alertmanager: 'monitoring',
};

/** The wave of a kind; kinds the platform does not render yet go with monitoring. */
export function waveOf(kind: string): Wave {
  return waveByKind[kind] ?? 'monitoring';
}

const subsetNames = (object: PlainObject | null): string[] => ((object?.spec as { subsets?: Array<{ name?: string }> } | undefined)?.subsets ?? []).flatMap((subset) => (subset.name ? [subset.name] : []));

/**
 * The wave of an object the plan applies over what lives on the cluster (`live`, null when it does
 * not exist yet): a DestinationRule that drops a subset the live one defines goes after the routes,
 * which stop naming it first; one that adds a subset (or is created) goes before them. The
 * platform's DestinationRules only ever add or drop the canary subset, never both at once.
 */
export function planWave(desired: PlainObject, live: PlainObject | null): Wave {
  const wave = waveOf(desired.kind);
  if (desired.kind !== 'DestinationRule' || !live) return wave;
  const kept = new Set(subsetNames(desired));
  return subsetNames(live).some((name) => !kept.has(name)) ? 'retired-subsets' : wave;
}

/** Deletions run in the reverse order of creation: dependents first (routes before their subsets). */
export const deletionWaves: readonly Wave[] = [...waves].reverse();
