import type { PlainObject } from './problem';

export const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/** Pods that run to completion: no probes, no replicas. */
export const runToCompletionKinds = new Set(['Job', 'CronJob']);

export interface PodTemplate {
  workload: PlainObject;
  /** Field path of the pod spec inside the workload. */
  path: string;
  podSpec: any;
  labels: Record<string, string>;
}

export function podTemplates(objects: readonly PlainObject[]): PodTemplate[] {
  return objects
    .filter((o) => workloadKinds.has(o.kind))
    .map((workload) => {
      const template = workload.kind === 'CronJob' ? workload.spec?.jobTemplate?.spec?.template : workload.spec?.template;
      return {
        workload,
        path: workload.kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec',
        podSpec: template?.spec ?? {},
        labels: template?.metadata?.labels ?? {},
      };
    });
}

/** Every container of a pod spec with its field path (init containers included). */
export function containersOf(template: PodTemplate): { container: any; path: string }[] {
  const list = (field: 'containers' | 'initContainers') =>
    ((template.podSpec[field] ?? []) as unknown[]).map((container, i) => ({ container, path: `${template.path}.${field}[${i}]` }));
  return [...list('initContainers'), ...list('containers')];
}

export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * The fewest replicas a workload runs with: its ScaledObject's floor (KEDA's default is 0) when one
 * scales it, else `spec.replicas` (1 when unset, as the API server defaults it; the Prometheus
 * Operator's resources also run `replicas × shards` pods).
 */
export function replicaFloor(workload: PlainObject, objects: readonly PlainObject[]): number {
  const scaler = scalerOf(workload, objects);
  return scaler ? Number(scaler.spec?.minReplicaCount ?? 0) : fixedPods(workload);
}

/** The KEDA ScaledObject that scales a workload, if any. */
export function scalerOf(workload: PlainObject, objects: readonly PlainObject[]): PlainObject | undefined {
  return objects.find(
    (o) =>
      o.kind === 'ScaledObject' &&
      o.metadata.namespace === workload.metadata.namespace &&
      (o.spec?.scaleTargetRef?.kind ?? 'Deployment') === workload.kind &&
      o.spec?.scaleTargetRef?.name === workload.metadata.name,
  );
}

/** The pods a workload runs without an autoscaler. */
export function fixedPods(workload: PlainObject): number {
  return Number(workload.spec?.replicas ?? 1) * (workload.kind === 'Prometheus' ? Number(workload.spec?.shards ?? 1) : 1);
}

/** The labels the Prometheus Operator puts on the pods of its Prometheus and Alertmanager resources. */
function operatorPodLabels(resource: PlainObject): Record<string, string> {
  const { name } = resource.metadata;
  const app = resource.kind.toLowerCase();
  return {
    ...(resource.spec?.podMetadata?.labels ?? {}),
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    [app]: name,
    ...(resource.kind === 'Prometheus' ? { 'operator.prometheus.io/name': name } : {}),
  };
}

/** Every rendered thing that makes pods, with the labels its pods carry: workloads' templates and the
 *  Prometheus Operator's resources. */
export function workloadPods(objects: readonly PlainObject[]): { workload: PlainObject; labels: Record<string, string> }[] {
  const operated = objects.filter((o) => o.kind === 'Prometheus' || o.kind === 'Alertmanager').map((workload) => ({ workload, labels: operatorPodLabels(workload) }));
  return [...podTemplates(objects).map(({ workload, labels }) => ({ workload, labels })), ...operated];
}
