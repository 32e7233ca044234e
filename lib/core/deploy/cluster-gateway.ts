// The deploy engine's access to a Kubernetes cluster. lib/adapters/kubernetes implements it with
// @kubernetes/client-node; deps.ts builds one per registered cluster from its decrypted credential.
// Every failure is one of the core's errors: 403 → Forbidden naming the verb and resource, a
// server-side apply field conflict → Conflict with the field paths and the owning managers,
// 422 → InvalidInput, unreachable / 5xx / timeouts → Unavailable naming the cluster.

/** A Kubernetes object as plain JSON (what the API server sends and takes). */
export type PlainObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  [field: string]: unknown;
};

export type ObjectRef = { apiVersion: string; kind: string; namespace?: string; name: string };

/** What a rollout looks like now, and why it is stuck when it is. */
export type RolloutStatus = {
  /** observedGeneration ≥ generation and updated, ready and available replicas all match the wanted count. */
  complete: boolean;
  wanted: number;
  updated: number;
  ready: number;
  available: number;
  /** Pods that hold the rollout back: CrashLoopBackOff, ImagePullBackOff, Pending with the scheduler's message... */
  problems: Array<{ pod: string; reason: string; message: string }>;
  /** True when the Deployment reports ProgressDeadlineExceeded. */
  stalled: boolean;
  /** True when the Deployment is paused (spec.paused) and its rollout not complete: it will not progress. */
  paused: boolean;
};

export interface ClusterGateway {
  /** The cluster's registered name, for messages. */
  readonly cluster: string;
  /**
   * Server-side apply with dryRun=All: the object as the cluster would hold it, nothing written.
   * `force` shows what a forced apply would make of fields other managers own (plans made with force).
   */
  dryRunApply(object: PlainObject, options?: { force?: boolean }): Promise<PlainObject>;
  /**
   * For objects the console may write but not read (Secrets): whether applying `object` would
   * create it, and which of its fields would change, without any value leaving the cluster. Asked
   * with a dry-run under a second field manager: its conflicts name exactly the fields whose live
   * values differ, and its field set beside the console's names fields added or dropped.
   */
  compareWriteOnly(object: PlainObject): Promise<{ exists: boolean; changedFields: string[] }>;
  /**
   * Server-side apply as the console's field manager; `force` takes fields other managers own
   * (admin-only, audited). `fieldManager` only for the replica handover (replica-handover.ts).
   */
  apply(object: PlainObject, options: { force: boolean; fieldManager?: string }): Promise<PlainObject>;
  /** The live object, or null when it does not exist. */
  get(ref: ObjectRef): Promise<PlainObject | null>;
  /** Deletes with foreground propagation; 'absent' when it was already gone. */
  delete(ref: ObjectRef): Promise<'deleted' | 'absent'>;
  /**
   * A Deployment's rollout as it is now (the engine polls it until complete, stalled or timed out);
   * `minReplicas`: an autoscaler's floor the rollout must reach as well.
   */
  rolloutStatus(ref: ObjectRef, options?: { minReplicas?: number }): Promise<RolloutStatus>;
}

/** Gateways by registered cluster name (credentials opened on the server only). */
export interface ClusterGateways {
  forCluster(name: string): Promise<ClusterGateway>;
}

/** How long one request to a cluster's API server may take, its retries included (the gateway's deadline). */
export const clusterRequestDeadlineMs = 15_000;
