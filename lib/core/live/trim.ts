import type {
  TrimmedCondition,
  TrimmedContainerStatus,
  TrimmedDeployment,
  TrimmedEvent,
  TrimmedMeta,
  TrimmedNode,
  TrimmedPod,
  TrimmedPodDisruptionBudget,
  TrimmedScaledObject,
} from './trimmed';

// Objects as the API server sends them (kubectl get -o json), reduced to the trimmed shapes. Read
// defensively: a watch may deliver anything, and a missing field becomes absent, never a throw.

type Json = Record<string, unknown>;

const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const strings = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(value)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

/** Annotations the console reads; every other one (last-applied configurations can be large) is dropped. */
export const keptAnnotations = ['autoscaling.keda.sh/paused-replicas', 'autoscaling.keda.sh/paused', 'deployment.kubernetes.io/revision'];

function trimMeta(raw: unknown): TrimmedMeta {
  const meta = obj(obj(raw).metadata);
  const annotations = strings(meta.annotations);
  return {
    name: str(meta.name) ?? '',
    namespace: str(meta.namespace) ?? '',
    uid: str(meta.uid) ?? '',
    resourceVersion: str(meta.resourceVersion) ?? '',
    ...(str(meta.creationTimestamp) ? { creationTimestamp: str(meta.creationTimestamp) } : {}),
    ...(str(meta.deletionTimestamp) ? { deletionTimestamp: str(meta.deletionTimestamp) } : {}),
    labels: strings(meta.labels),
    annotations: Object.fromEntries(keptAnnotations.filter((key) => key in annotations).map((key) => [key, annotations[key]!])),
    ...(num(meta.generation) !== undefined ? { generation: num(meta.generation) } : {}),
  };
}

function trimConditions(value: unknown): TrimmedCondition[] {
  return list(value).map((raw) => {
    const c = obj(raw);
    const status = str(c.status);
    return {
      type: str(c.type) ?? '',
      status: status === 'True' || status === 'False' ? status : 'Unknown',
      ...(str(c.reason) ? { reason: str(c.reason) } : {}),
      ...(str(c.message) ? { message: str(c.message) } : {}),
      ...(str(c.lastTransitionTime) ? { lastTransitionTime: str(c.lastTransitionTime) } : {}),
    };
  });
}

export function trimDeployment(raw: unknown): TrimmedDeployment {
  const spec = obj(obj(raw).spec);
  const status = obj(obj(raw).status);
  return {
    kind: 'Deployment',
    metadata: trimMeta(raw),
    ...(num(spec.replicas) !== undefined ? { replicas: num(spec.replicas) } : {}),
    paused: spec.paused === true,
    status: {
      ...(num(status.observedGeneration) !== undefined ? { observedGeneration: num(status.observedGeneration) } : {}),
      replicas: num(status.replicas) ?? 0,
      updatedReplicas: num(status.updatedReplicas) ?? 0,
      readyReplicas: num(status.readyReplicas) ?? 0,
      availableReplicas: num(status.availableReplicas) ?? 0,
      unavailableReplicas: num(status.unavailableReplicas) ?? 0,
      conditions: trimConditions(status.conditions),
    },
  };
}

function trimContainerStatus(raw: unknown, init: boolean): TrimmedContainerStatus {
  const c = obj(raw);
  const state = obj(c.state);
  const last = obj(obj(c.lastState).terminated);
  const running = obj(state.running);
  const waiting = obj(state.waiting);
  const terminated = obj(state.terminated);
  return {
    name: str(c.name) ?? '',
    init,
    ready: c.ready === true,
    restartCount: num(c.restartCount) ?? 0,
    image: str(c.image) ?? '',
    state: state.terminated
      ? { state: 'terminated', reason: str(terminated.reason), exitCode: num(terminated.exitCode), finishedAt: str(terminated.finishedAt) }
      : state.waiting
        ? { state: 'waiting', reason: str(waiting.reason) }
        : { state: 'running', startedAt: str(running.startedAt) },
    ...(obj(c.lastState).terminated ? { lastTerminated: { reason: str(last.reason), exitCode: num(last.exitCode), finishedAt: str(last.finishedAt) } } : {}),
  };
}

const phases = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

export function trimPod(raw: unknown): TrimmedPod {
  const meta = obj(obj(raw).metadata);
  const spec = obj(obj(raw).spec);
  const status = obj(obj(raw).status);
  const owner = list(meta.ownerReferences).map(obj).find((ref) => ref.kind === 'ReplicaSet');
  const phase = phases.find((p) => p === status.phase) ?? 'Unknown';
  return {
    kind: 'Pod',
    metadata: trimMeta(raw),
    ...(owner && str(owner.name) ? { replicaSet: str(owner.name) } : {}),
    ...(str(spec.nodeName) ? { nodeName: str(spec.nodeName) } : {}),
    phase,
    ...(str(status.reason) ? { reason: str(status.reason) } : {}),
    ...(str(status.message) ? { message: str(status.message) } : {}),
    ...(str(status.startTime) ? { startTime: str(status.startTime) } : {}),
    conditions: trimConditions(status.conditions),
    containers: [
      ...list(status.initContainerStatuses).map((c) => trimContainerStatus(c, true)),
      ...list(status.containerStatuses).map((c) => trimContainerStatus(c, false)),
    ],
  };
}

export function trimScaledObject(raw: unknown): TrimmedScaledObject {
  const metadata = trimMeta(raw);
  const spec = obj(obj(raw).spec);
  const status = obj(obj(raw).status);
  const pausedReplicas = metadata.annotations['autoscaling.keda.sh/paused-replicas'];
  const paused =
    pausedReplicas !== undefined && /^[0-9]+$/.test(pausedReplicas)
      ? { replicas: Number(pausedReplicas) }
      : metadata.annotations['autoscaling.keda.sh/paused'] === 'true'
        ? {}
        : undefined;
  const activity = obj(status.triggersActivity);
  const active = Object.entries(activity)
    .filter(([, value]) => obj(value).isActive === true)
    .map(([name]) => name);
  return {
    kind: 'ScaledObject',
    metadata,
    scaleTargetName: str(obj(spec.scaleTargetRef).name) ?? '',
    ...(num(spec.minReplicaCount) !== undefined ? { minReplicaCount: num(spec.minReplicaCount) } : {}),
    ...(num(spec.maxReplicaCount) !== undefined ? { maxReplicaCount: num(spec.maxReplicaCount) } : {}),
    ...(paused ? { paused } : {}),
    conditions: trimConditions(status.conditions),
    ...(status.triggersActivity ? { activeTriggers: active } : {}),
    ...(str(status.lastActiveTime) ? { lastActiveTime: str(status.lastActiveTime) } : {}),
    ...(str(obj(raw).observedActiveSince) ? { observedActiveSince: str(obj(raw).observedActiveSince) } : {}),
  };
}

export function trimPodDisruptionBudget(raw: unknown): TrimmedPodDisruptionBudget {
  const status = obj(obj(raw).status);
  return {
    kind: 'PodDisruptionBudget',
    metadata: trimMeta(raw),
    status: {
      currentHealthy: num(status.currentHealthy) ?? 0,
      desiredHealthy: num(status.desiredHealthy) ?? 0,
      disruptionsAllowed: num(status.disruptionsAllowed) ?? 0,
      expectedPods: num(status.expectedPods) ?? 0,
    },
  };
}

export function trimNode(raw: unknown): TrimmedNode {
  const metadata = trimMeta(raw);
  const spec = obj(obj(raw).spec);
  const ready = trimConditions(obj(obj(raw).status).conditions).find((c) => c.type === 'Ready');
  const zone = metadata.labels['topology.kubernetes.io/zone'];
  return { kind: 'Node', metadata, ...(zone ? { zone } : {}), ready: ready?.status === 'True', unschedulable: spec.unschedulable === true };
}

export function trimEvent(raw: unknown): TrimmedEvent {
  const e = obj(raw);
  const involved = obj(e.involvedObject);
  // Events written through events.k8s.io/v1 (the scheduler's, since 1.19) and read through core/v1
  // keep their repetition in `series`, with count and lastTimestamp left empty.
  const series = obj(e.series);
  const lastSeen = str(series.lastObservedTime) ?? str(e.lastTimestamp) ?? str(e.eventTime);
  return {
    kind: 'Event',
    metadata: trimMeta(raw),
    involved: { kind: str(involved.kind) ?? '', name: str(involved.name) ?? '', ...(str(involved.namespace) ? { namespace: str(involved.namespace) } : {}) },
    type: e.type === 'Warning' ? 'Warning' : 'Normal',
    ...(str(e.reason) ? { reason: str(e.reason) } : {}),
    ...(str(e.message) ? { message: str(e.message)!.slice(0, 1024) } : {}),
    count: num(series.count) ?? num(e.count) ?? 1,
    ...(lastSeen ? { lastSeen } : {}),
  };
}
