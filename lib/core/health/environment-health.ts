import type { AlertView } from '../alerts/alerts';
import type { ComponentName } from '../environments/environment-spec';
import type { WatchStatus } from '../live/live-state';
import type { LiveObject } from '../live/trim-live-object';
import { trimDeployment, trimNode, trimPod, trimPodDisruptionBudget, trimScaledObject } from '../live/trim';
import type { ClusterReachability, TrimmedDeployment, TrimmedPod } from '../live/trimmed';
import { componentHealth, type HealthReason, type HealthStatus } from './component-health';

// An environment's health as operators' pages and stakeholders' status pages read it: per
// component its verdict with reasons, replica counts, deployed version, pods and alert counts,
// assembled from what the shared watch caches hold and what Prometheus says is firing. Pure.

export type PodHealth = {
  name: string;
  node: string | null;
  /** The node's topology.kubernetes.io/zone, when the node is known and labelled. */
  zone: string | null;
  phase: TrimmedPod['phase'];
  /** Every regular container ready. */
  ready: boolean;
  restarts: number;
  startedAt: string | null;
  /** Why it is not running as it should: a waiting container's reason (CrashLoopBackOff), the pod's own (Evicted), Terminating. */
  reason: string | null;
  /** The Deployment it belongs to (the component's, or its canary's). */
  deployment: string;
};

export type ComponentReplicas = {
  /** What the Deployments ask for (stable plus canary). */
  desired: number;
  ready: number;
  available: number;
  updated: number;
  /** The autoscaler's bounds, from the ScaledObject, when KEDA scales it. */
  min?: number;
  max?: number;
};

export type ComponentAlertCounts = { firing: number; pending: number; critical: number };

export type ComponentHealthView = {
  name: ComponentName;
  status: HealthStatus;
  reasons: HealthReason[];
  replicas: ComponentReplicas;
  /** The stable Deployment's image tag (or digest) as running in the cluster; null when not deployed. */
  version: string | null;
  pods: PodHealth[];
  alerts: ComponentAlertCounts;
};

/** Whether alerts could be read; when not, counts are 0 and every component says alerts are unknown. */
export type AlertsAvailability = { available: true } | { available: false; message: string };

export type EnvironmentHealth = {
  environment: string;
  cluster: ClusterReachability;
  checkedAt: string;
  components: ComponentHealthView[];
  alerts: AlertsAvailability;
};

export type EnvironmentHealthInput = {
  environment: string;
  /** The enabled components, in the order pages list them. */
  components: readonly ComponentName[];
  now: Date;
  cluster: ClusterReachability;
  /** Deployments, Pods, ScaledObjects, PodDisruptionBudgets of the environment's namespaces and the cluster's Nodes, as cached. */
  objects: readonly LiveObject[];
  /** The environment's firing and pending alerts, or why they could not be read. */
  alerts: { alerts: readonly AlertView[] } | { error: string };
};

/**
 * The reachability of a cluster from the statuses of the watches read: unreachable since the
 * earliest failure of any of them (never a stale green); forbidden when the API server answered but
 * refused one (not listed, failed, yet reached: 401/403), naming what the console may not read;
 * syncing while one has not listed yet; else reachable. A kind the cluster does not serve (no KEDA)
 * is neither.
 */
export function clusterReachability(statuses: readonly WatchStatus[], now: Date): ClusterReachability {
  const failing = statuses.filter((status) => status.unreachableSince !== null && !status.notServed);
  if (failing.length > 0) {
    const first = failing.reduce((a, b) => (a.unreachableSince! <= b.unreachableSince! ? a : b));
    return { state: 'unreachable', since: first.unreachableSince!, ...(first.error ? { error: first.error } : {}) };
  }
  const refused = statuses.find((status) => !status.synced && !status.notServed && status.error !== null);
  if (refused) return { state: 'forbidden', kind: refused.key.kind, namespace: refused.key.namespace, error: refused.error! };
  if (statuses.some((status) => !status.synced && !status.notServed)) return { state: 'syncing', since: now.toISOString() };
  return { state: 'reachable' };
}

/** The tag of an image reference (repo:tag), or its digest (repo@sha256:…), or null without either. */
export function imageVersion(image: string | undefined): string | null {
  if (!image) return null;
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1);
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  return colon >= 0 ? lastPart.slice(colon + 1) : null;
}

/** The Deployment a pod's ReplicaSet belongs to: the ReplicaSet's name without its pod-template hash. */
const deploymentOfPod = (pod: TrimmedPod) => (pod.replicaSet ? pod.replicaSet.slice(0, pod.replicaSet.lastIndexOf('-')) : null);

function podReason(pod: TrimmedPod): string | null {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const waiting = pod.containers.find((c) => !c.init && c.state.state === 'waiting' && c.state.reason);
  if (waiting && waiting.state.state === 'waiting') return waiting.state.reason ?? null;
  const initWaiting = pod.containers.find((c) => c.init && c.state.state === 'waiting' && c.state.reason);
  if (initWaiting && initWaiting.state.state === 'waiting') return `init: ${initWaiting.state.reason}`;
  if (pod.reason) return pod.reason;
  const unscheduled = pod.conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return unscheduled ? (unscheduled.reason ?? 'Unschedulable') : null;
}

function podHealth(pod: TrimmedPod, deployment: string, zones: Map<string, string>): PodHealth {
  const regular = pod.containers.filter((c) => !c.init);
  return {
    name: pod.metadata.name,
    node: pod.nodeName ?? null,
    zone: (pod.nodeName && zones.get(pod.nodeName)) || null,
    phase: pod.phase,
    ready: regular.length > 0 && regular.every((c) => c.ready) && !pod.metadata.deletionTimestamp,
    restarts: regular.reduce((sum, c) => sum + c.restartCount, 0),
    startedAt: pod.startTime ?? null,
    reason: podReason(pod),
    deployment,
  };
}

function stableImage(object: LiveObject | undefined, component: string): string | undefined {
  const containers = ((object?.spec?.template as { spec?: { containers?: Array<{ name?: string; image?: string }> } } | undefined)?.spec?.containers ?? []) as Array<{ name?: string; image?: string }>;
  return (containers.find((c) => c.name === component) ?? containers[0])?.image;
}

export function assembleEnvironmentHealth(input: EnvironmentHealthInput): EnvironmentHealth {
  // What the caches still hold of a cluster they cannot reach is not shown as current.
  const known = input.cluster.state === 'reachable';
  const objects = known ? input.objects : [];
  const byKind = (kind: LiveObject['kind']) => objects.filter((object) => object.kind === kind);
  const deploymentObjects = byKind('Deployment');
  const deployments = deploymentObjects.map(trimDeployment);
  const pods = byKind('Pod').map(trimPod);
  const scaledObjects = byKind('ScaledObject').map(trimScaledObject);
  const budgets = byKind('PodDisruptionBudget').map(trimPodDisruptionBudget);
  const zones = new Map(byKind('Node').flatMap((object) => {
    const node = trimNode(object);
    return node.zone ? [[node.metadata.name, node.zone] as const] : [];
  }));
  const alerts = 'alerts' in input.alerts ? input.alerts.alerts : [];
  const alertsAvailability: AlertsAvailability = 'alerts' in input.alerts ? { available: true } : { available: false, message: input.alerts.error };

  const components = input.components.map((name): ComponentHealthView => {
    const own = (deployment: TrimmedDeployment) => deployment.metadata.name === name || deployment.metadata.name === `${name}-canary`;
    const componentDeployments = deployments.filter(own);
    const names = new Set(componentDeployments.map((d) => d.metadata.name));
    const componentPods = pods.filter((pod) => names.has(deploymentOfPod(pod) ?? ''));
    const scaledObject = scaledObjects.find((s) => s.scaleTargetName === name);
    const componentAlerts = alerts.filter((alert) => alert.component === name);
    const firing = componentAlerts.filter((alert) => alert.state === 'firing');
    const verdict = componentHealth({
      component: name,
      now: input.now,
      cluster: input.cluster,
      deployments: componentDeployments,
      pods: componentPods,
      ...(scaledObject ? { scaledObject } : {}),
      disruptionBudgets: budgets.filter((budget) => names.has(budget.metadata.name)),
      alerts: firing.map((alert) => ({ name: alert.name, severity: alert.severity, since: alert.since, summary: alert.summary })),
    });
    const reasons: HealthReason[] = alertsAvailability.available ? verdict.reasons : [...verdict.reasons, { level: 'warning', text: `alerts unknown: ${alertsAvailability.message}` }];
    const sum = (pick: (d: TrimmedDeployment) => number) => componentDeployments.reduce((total, d) => total + pick(d), 0);
    return {
      name,
      status: verdict.status,
      reasons,
      replicas: {
        desired: sum((d) => d.replicas ?? 1),
        ready: sum((d) => d.status.readyReplicas),
        available: sum((d) => d.status.availableReplicas),
        updated: sum((d) => d.status.updatedReplicas),
        ...(scaledObject?.minReplicaCount !== undefined ? { min: scaledObject.minReplicaCount } : {}),
        ...(scaledObject?.maxReplicaCount !== undefined ? { max: scaledObject.maxReplicaCount } : {}),
      },
      version: imageVersion(stableImage(deploymentObjects.find((d) => d.metadata.name === name), name)),
      pods: componentPods
        .map((pod) => podHealth(pod, deploymentOfPod(pod) ?? name, zones))
        .sort((a, b) => a.deployment.localeCompare(b.deployment) || a.name.localeCompare(b.name)),
      alerts: {
        firing: firing.length,
        pending: componentAlerts.length - firing.length,
        critical: firing.filter((alert) => alert.severity === 'critical').length,
      },
    };
  });
  return { environment: input.environment, cluster: input.cluster, checkedAt: input.now.toISOString(), components, alerts: alertsAvailability };
}

/**
 * The health with a deleted pod gone from its component's list, before the health is read again
 * (a browser patches what it shows from the live stream's delete; the verdict follows the re-read).
 */
export function withoutPod(health: EnvironmentHealth, pod: string): EnvironmentHealth {
  if (!health.components.some((component) => component.pods.some((p) => p.name === pod))) return health;
  return { ...health, components: health.components.map((component) => ({ ...component, pods: component.pods.filter((p) => p.name !== pod) })) };
}
