// A deploy applies objects in waves: what others depend on comes first. Within a wave objects are
// independent and may be applied in parallel (bounded); a wave starts when the one before is done.

export const waves = ['namespaces', 'rbac', 'config', 'services', 'workloads', 'scaling', 'mesh', 'monitoring'] as const;
export type Wave = (typeof waves)[number];

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
  DestinationRule: 'mesh',
  VirtualService: 'mesh',
  EnvoyFilter: 'mesh',
  Telemetry: 'mesh',
  ServiceMonitor: 'monitoring',
  PodMonitor: 'monitoring',
  PrometheusRule: 'monitoring',
  Prometheus: 'monitoring',
  Alertmanager: 'monitoring',
};

/** The wave of a kind; kinds the platform does not render yet go last, with monitoring. */
export function waveOf(kind: string): Wave {
  return waveByKind[kind] ?? 'monitoring';
}

/** Deletions run in the reverse order of creation: dependents first. */
export const deletionWaves: readonly Wave[] = [...waves].reverse();
