// The trimmed objects the shared watch cache keeps (issue 10): only what the console shows or
// judges health from, so 5,000 pods stay within the memory budget. Agreed between the health
// verdict (branch issue10-health, lib/core/health) and the watch cache (branch issue10-watch): the
// cache stores these shapes and may call the trim* functions in ./trim.ts on each object it lists
// or receives from a watch. Change a field here, change both sides. Times are RFC 3339 strings as
// the API server sends them; absent numbers are absent, never 0 (0 replicas means something).

export type TrimmedCondition = {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
};

export type TrimmedMeta = {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp?: string;
  /** Set while the object is being deleted (a terminating pod). */
  deletionTimestamp?: string;
  labels: Record<string, string>;
  /** Only the annotations the console reads (KEDA's paused markers); never all of them. */
  annotations: Record<string, string>;
  generation?: number;
};

export type TrimmedDeployment = {
  kind: 'Deployment';
  metadata: TrimmedMeta;
  /** spec.replicas: absent when nobody set it (the API server defaults it to 1 when stored). */
  replicas?: number;
  paused: boolean;
  status: {
    observedGeneration?: number;
    replicas: number;
    updatedReplicas: number;
    readyReplicas: number;
    availableReplicas: number;
    unavailableReplicas: number;
    conditions: TrimmedCondition[];
  };
};

export type TrimmedContainerState =
  | { state: 'running'; startedAt?: string }
  /** No message: trimmed live objects drop container states' messages (trim-live-object.ts). */
  | { state: 'waiting'; reason?: string }
  | { state: 'terminated'; reason?: string; exitCode?: number; finishedAt?: string };

export type TrimmedContainerStatus = {
  name: string;
  /** An init container (it must finish before the others start). */
  init: boolean;
  ready: boolean;
  restartCount: number;
  image: string;
  state: TrimmedContainerState;
  /** The previous run's end, when it restarted: OOMKilled shows here. */
  lastTerminated?: { reason?: string; exitCode?: number; finishedAt?: string };
};

export type TrimmedPod = {
  kind: 'Pod';
  metadata: TrimmedMeta;
  /** The owning ReplicaSet's name (the Deployment's name plus a hash), when owned by one. */
  replicaSet?: string;
  nodeName?: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** Pod-level reason (Evicted, NodeLost...). */
  reason?: string;
  message?: string;
  startTime?: string;
  conditions: TrimmedCondition[];
  containers: TrimmedContainerStatus[];
};

export type TrimmedScaledObject = {
  kind: 'ScaledObject';
  metadata: TrimmedMeta;
  scaleTargetName: string;
  minReplicaCount?: number;
  maxReplicaCount?: number;
  /** KEDA's `autoscaling.keda.sh/paused-replicas` (held at that count) or `autoscaling.keda.sh/paused: "true"` (held where it is). */
  paused?: { replicas?: number };
  /** Ready, Active, Fallback, Paused. */
  conditions: TrimmedCondition[];
  /** Trigger names KEDA reports as active (status.triggersActivity), when it reports them. */
  activeTriggers?: string[];
  /** status.lastActiveTime: when KEDA last found a trigger active with replicas running (or scaled up from zero). */
  lastActiveTime?: string;
  /**
   * When the console's watch cache saw Active turn True (KEDA's conditions carry no
   * lastTransitionTime); absent when it was already True the first time the cache listed it.
   */
  observedActiveSince?: string;
};

export type TrimmedPodDisruptionBudget = {
  kind: 'PodDisruptionBudget';
  metadata: TrimmedMeta;
  status: {
    currentHealthy: number;
    desiredHealthy: number;
    disruptionsAllowed: number;
    expectedPods: number;
  };
};

export type TrimmedNode = {
  kind: 'Node';
  metadata: TrimmedMeta;
  zone?: string;
  ready: boolean;
  unschedulable: boolean;
};

export type TrimmedEvent = {
  kind: 'Event';
  metadata: TrimmedMeta;
  involved: { kind: string; name: string; namespace?: string };
  type: 'Normal' | 'Warning';
  reason?: string;
  message?: string;
  count: number;
  lastSeen?: string;
};

export type TrimmedObject = TrimmedDeployment | TrimmedPod | TrimmedScaledObject | TrimmedPodDisruptionBudget | TrimmedNode | TrimmedEvent;

/** What the cache knows about a cluster's connection: health never shows a stale green for one it cannot reach. */
export type ClusterReachability =
  | { state: 'reachable' }
  /** Connected, the first list of some kind not finished: nothing to judge yet. */
  | { state: 'syncing'; since: string }
  | { state: 'unreachable'; since: string; error?: string }
  /**
   * The API server answered but refused a list or watch (401/403: the environment's grant not
   * applied yet, a RoleBinding removed, an expired credential): what the console may not read, and
   * what the server said. Nothing is judged from the other kinds either: a partial view is not shown
   * as the whole.
   */
  | { state: 'forbidden'; kind: string; namespace: string; error: string };
