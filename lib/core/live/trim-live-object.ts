// What the console keeps of a watched object: only the fields its live views, health verdicts and
// scaling pages read. A watch cache holds thousands of pods per cluster; a full Pod (managedFields,
// the whole spec, volumes, env) is 5–20 KB, its trimmed form a few hundred bytes. Pure: no I/O.
import type { LiveKind } from './live-kinds';

type Json = Record<string, unknown>;

/** A watched object as kept: apiVersion/kind/metadata always, then per kind what views read. */
export type LiveObject = {
  apiVersion: string;
  kind: LiveKind;
  metadata: LiveMetadata;
  spec?: Json;
  status?: Json;
  [field: string]: unknown;
};

export type LiveMetadata = {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ kind: string; name: string; uid: string; controller?: boolean }>;
};

/** Messages (events, conditions) are cut here: a crash loop's message can carry a whole log line. */
export const maxMessageLength = 512;

/** Annotations worth keeping (the rest can be large: last-applied configurations, checksums). */
const keptAnnotations = ['deployment.kubernetes.io/revision', 'autoscaling.keda.sh/paused-replicas', 'autoscaling.keda.sh/paused'];

export function trimLiveObject(kind: LiveKind, object: Json): LiveObject {
  const base = { apiVersion: String(object.apiVersion ?? ''), kind, metadata: trimMetadata(obj(object.metadata)) };
  const spec = obj(object.spec);
  const status = obj(object.status);
  switch (kind) {
    case 'Deployment':
      return {
        ...base,
        spec: compact({
          replicas: spec.replicas,
          paused: spec.paused,
          selector: spec.selector,
          strategy: pick(obj(spec.strategy), ['type']),
          template: { metadata: compact({ labels: obj(obj(spec.template).metadata).labels }), spec: { containers: containersOf(obj(obj(spec.template).spec)) } },
        }),
        status: compact({ ...pick(status, ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']), conditions: conditionsOf(status) }),
      };
    case 'ReplicaSet':
      return {
        ...base,
        spec: compact({ replicas: spec.replicas, selector: spec.selector, template: { spec: { containers: containersOf(obj(obj(spec.template).spec)) } } }),
        status: pick(status, ['observedGeneration', 'replicas', 'readyReplicas', 'availableReplicas', 'fullyLabeledReplicas']),
      };
    case 'Pod':
      return {
        ...base,
        spec: compact({ nodeName: spec.nodeName, containers: containersOf(spec), priorityClassName: spec.priorityClassName }),
        status: compact({
          ...pick(status, ['phase', 'reason', 'startTime', 'qosClass']),
          message: cut(status.message),
          conditions: conditionsOf(status),
          initContainerStatuses: containerStatusesOf(status.initContainerStatuses),
          containerStatuses: containerStatusesOf(status.containerStatuses),
        }),
      };
    case 'Event':
      return compact({
        ...base,
        involvedObject: pick(obj(object.involvedObject), ['kind', 'name', 'namespace', 'uid']),
        reason: object.reason,
        message: cut(object.message),
        type: object.type,
        count: object.count,
        firstTimestamp: object.firstTimestamp,
        lastTimestamp: object.lastTimestamp,
        eventTime: object.eventTime,
        series: object.series ? pick(obj(object.series), ['count', 'lastObservedTime']) : undefined,
        source: object.source ? pick(obj(object.source), ['component']) : undefined,
      }) as LiveObject;
    case 'ScaledObject':
      return {
        ...base,
        spec: compact({
          ...pick(spec, ['scaleTargetRef', 'minReplicaCount', 'maxReplicaCount', 'idleReplicaCount', 'pollingInterval', 'cooldownPeriod']),
          triggers: arr(spec.triggers).map((trigger) => compact(pick(obj(trigger), ['type', 'name', 'metadata', 'metricType']))),
        }),
        status: compact({
          ...pick(status, ['lastActiveTime', 'pausedReplicaCount', 'health', 'scaleTargetKind']),
          conditions: conditionsOf(status),
          // Which triggers KEDA finds active (the health verdict tells scaled-to-zero from stuck by it).
          triggersActivity: status.triggersActivity
            ? Object.fromEntries(Object.entries(obj(status.triggersActivity)).map(([name, value]) => [name, pick(obj(value), ['isActive'])]))
            : undefined,
        }),
      };
    case 'PodDisruptionBudget':
      return {
        ...base,
        spec: pick(spec, ['minAvailable', 'maxUnavailable', 'selector', 'unhealthyPodEvictionPolicy']),
        status: compact({ ...pick(status, ['currentHealthy', 'desiredHealthy', 'disruptionsAllowed', 'expectedPods', 'observedGeneration']), conditions: conditionsOf(status) }),
      };
    case 'HorizontalPodAutoscaler':
      return {
        ...base,
        spec: pick(spec, ['scaleTargetRef', 'minReplicas', 'maxReplicas', 'metrics']),
        status: compact({ ...pick(status, ['currentReplicas', 'desiredReplicas', 'lastScaleTime', 'currentMetrics', 'observedGeneration']), conditions: conditionsOf(status) }),
      };
    case 'Backup':
      // What says when a Velero backup of which namespaces ended, and how; never its logs or volume details.
      return {
        ...base,
        spec: compact({ includedNamespaces: spec.includedNamespaces, storageLocation: spec.storageLocation, ttl: spec.ttl }),
        status: compact({ ...pick(status, ['phase', 'startTimestamp', 'completionTimestamp', 'expiration', 'errors', 'warnings']), failureReason: cut(status.failureReason) }),
      };
    case 'Node':
      // The zone label and whether it takes pods; never its addresses, images or capacity.
      return {
        ...base,
        metadata: compact({ ...base.metadata, labels: nodeLabels(obj(object.metadata).labels) }) as LiveMetadata,
        spec: compact({ unschedulable: spec.unschedulable }),
        status: compact({ conditions: conditionsOf({ conditions: arr(status.conditions).filter((condition) => obj(condition).type === 'Ready') }) }),
      };
  }
}

/**
 * What only a watch that follows an object can add to it: when a ScaledObject's Active condition
 * turned True (`observedActiveSince`). KEDA's conditions carry no lastTransitionTime, so the health
 * verdict's wake grace times a wake from this (or from status.lastActiveTime). Kept while Active
 * stays True; unknown (absent) when the object was already active the first time it was seen.
 */
export function observeLiveObject(previous: LiveObject | undefined, next: LiveObject, now: Date): LiveObject {
  if (next.kind !== 'ScaledObject' || !previous || !activeCondition(next)) return next;
  const since = activeCondition(previous) ? previous.observedActiveSince : now.toISOString();
  return since ? { ...next, observedActiveSince: since } : next;
}

const activeCondition = (object: LiveObject) => arr(object.status?.conditions).some((condition) => obj(condition).type === 'Active' && obj(condition).status === 'True');

/** Node labels kept: the topology ones (a node carries dozens of others). */
const keptNodeLabels = ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'kubernetes.io/hostname'];
function nodeLabels(labels: unknown) {
  const kept = Object.entries(obj(labels)).filter(([key, value]) => keptNodeLabels.includes(key) && typeof value === 'string');
  return kept.length > 0 ? (Object.fromEntries(kept) as Record<string, string>) : undefined;
}

function trimMetadata(metadata: Json): LiveMetadata {
  const annotations = Object.fromEntries(Object.entries(obj(metadata.annotations)).filter(([key]) => keptAnnotations.includes(key))) as Record<string, string>;
  const owners = arr(metadata.ownerReferences).map((owner) => compact(pick(obj(owner), ['kind', 'name', 'uid', 'controller'])));
  return compact({
    name: String(metadata.name ?? ''),
    namespace: String(metadata.namespace ?? ''),
    uid: String(metadata.uid ?? ''),
    resourceVersion: String(metadata.resourceVersion ?? ''),
    generation: metadata.generation,
    creationTimestamp: metadata.creationTimestamp,
    deletionTimestamp: metadata.deletionTimestamp,
    labels: metadata.labels,
    annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    ownerReferences: owners.length > 0 ? owners : undefined,
  }) as LiveMetadata;
}

function containersOf(podSpec: Json) {
  return arr(podSpec.containers).map((container) => compact(pick(obj(container), ['name', 'image'])));
}

function containerStatusesOf(value: unknown) {
  const statuses = arr(value);
  if (statuses.length === 0) return undefined;
  return statuses.map((entry) => {
    const status = obj(entry);
    return compact({ ...pick(status, ['name', 'ready', 'started', 'restartCount', 'image']), state: stateOf(status.state), lastState: stateOf(status.lastState) });
  });
}

/**
 * A container state: which one (waiting, running, terminated) with its reason, exit code and times,
 * never its message. A terminated state's message is what the container wrote to its termination
 * log or, with terminationMessagePolicy FallbackToLogsOnError, the tail of its log: /live streams to
 * every viewer, who may not read logs, and it would bypass the log redaction. A waiting state's
 * message goes too (the reason says why: CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError).
 */
function stateOf(value: unknown) {
  const state = obj(value);
  const which = Object.keys(state)[0];
  if (!which) return undefined;
  return { [which]: compact(pick(obj(state[which]), ['reason', 'exitCode', 'startedAt', 'finishedAt'])) };
}

function conditionsOf(status: Json) {
  const conditions = arr(status.conditions);
  if (conditions.length === 0) return undefined;
  return conditions.map((condition) => compact({ ...pick(obj(condition), ['type', 'status', 'reason', 'lastTransitionTime']), message: cut(obj(condition).message) }));
}

const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const cut = (value: unknown) => (typeof value === 'string' ? (value.length > maxMessageLength ? `${value.slice(0, maxMessageLength - 1)}…` : value) : undefined);

function pick(source: Json, keys: string[]): Json {
  const out: Json = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/** Drops undefined fields so trimmed objects compare and serialise without noise. */
function compact<T extends Json>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}
