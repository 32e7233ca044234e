import type { PlainObject } from './cluster-gateway';

// Handing a Deployment's spec.replicas to an autoscaler, as Kubernetes documents it for server-side
// apply ("Transferring ownership"): the console renders an autoscaled Deployment without
// spec.replicas so it never fights KEDA or an HPA. Dropping a field the console's manager owned alone
// would make the API server reset it to its default (1 replica); creating the Deployment without it
// starts it at 1 too. So another field manager of the console's first takes the field (the live value,
// or the autoscaler's floor on create), and keeps it until the autoscaler writes its own count.
// Pure: the worker reads and applies, this decides.

/** The console's own server-side apply field manager. */
export const consoleFieldManager = 'personapass-console';
/** Holds spec.replicas of autoscaled Deployments until their autoscaler takes it; never applies anything else. */
export const handoverFieldManager = 'personapass-console-handover';

export type Autoscaler = { scaler: string; floor: number };

/** Field managers that hold spec.replicas for an autoscaler: the handover manager, the HPA controller, KEDA. */
export function isAutoscalerManager(manager: string): boolean {
  return manager === handoverFieldManager || manager === 'kube-controller-manager' || manager.startsWith('keda');
}

type ScaleTarget = { apiVersion?: string; kind?: string; name?: string };

/**
 * Deployments (by `namespace/name`) that a ScaledObject or HorizontalPodAutoscaler among `objects`
 * scales, with the autoscaler's lowest count (KEDA's minReplicaCount defaults to 0, an HPA's
 * minReplicas to 1).
 */
export function autoscaledDeployments(objects: readonly PlainObject[]): Map<string, Autoscaler> {
  const found = new Map<string, Autoscaler>();
  for (const object of objects) {
    const spec = (object.spec ?? {}) as { scaleTargetRef?: ScaleTarget; minReplicaCount?: number; minReplicas?: number };
    const keda = object.kind === 'ScaledObject';
    if (!keda && object.kind !== 'HorizontalPodAutoscaler') continue;
    const target = spec.scaleTargetRef ?? {};
    if ((target.kind ?? 'Deployment') !== 'Deployment' || !target.name) continue;
    const floor = keda ? (spec.minReplicaCount ?? 0) : (spec.minReplicas ?? 1);
    found.set(`${object.metadata.namespace ?? ''}/${target.name}`, { scaler: `${object.kind}/${object.metadata.name}`, floor });
  }
  return found;
}

/** The autoscaler that keeps this desired object's replicas: a Deployment rendered without spec.replicas that one scales. */
export function autoscalerOf(desired: PlainObject, autoscaled: ReadonlyMap<string, Autoscaler>): Autoscaler | undefined {
  if (desired.kind !== 'Deployment') return undefined;
  if ((desired.spec as { replicas?: number } | undefined)?.replicas !== undefined) return undefined;
  return autoscaled.get(`${desired.metadata.namespace ?? ''}/${desired.metadata.name}`);
}

type ManagedFieldsEntry = { manager?: string; operation?: string; fieldsV1?: { 'f:spec'?: Record<string, unknown> } };

/**
 * Who owns the live Deployment's spec.replicas: the console's manager alone ('console': dropping it
 * from the console's apply would reset it), nobody (not created yet, or created without it: it runs
 * at the default), or others (the handover manager, the autoscaler): the count stays as it is.
 */
export function replicasOwner(live: PlainObject | null): 'console' | 'nobody' | 'others' {
  if (!live) return 'nobody';
  const entries = ((live.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? []).filter((entry) => entry.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined);
  if (entries.length === 0) return 'nobody';
  return entries.every((entry) => entry.manager === consoleFieldManager && entry.operation === 'Apply') ? 'console' : 'others';
}

export type ReplicaHandover = { when: 'before-apply' | 'after-apply'; replicas: number; reason: string };

/** What to apply under the handover manager for one autoscaled Deployment, given the live one; null when nothing. */
export function planReplicaHandover(live: PlainObject | null, autoscaler: Autoscaler): ReplicaHandover | null {
  const owner = replicasOwner(live);
  if (owner === 'others') return null;
  if (owner === 'console') {
    const replicas = (live!.spec as { replicas?: number } | undefined)?.replicas ?? 1;
    return { when: 'before-apply', replicas, reason: `${autoscaler.scaler} scales it now: the console hands over spec.replicas at the running ${replicas}` };
  }
  // A live Deployment whose replicas nobody owns keeps its count: an autoscaler scaling through the
  // scale subresource need not leave a managedFields entry (KEDA's does not on the testbed's 1.36),
  // so its count is indistinguishable from the default and must never be reset to the floor.
  if (live) return null;
  const replicas = Math.max(autoscaler.floor, 1);
  return { when: 'after-apply', replicas, reason: `created without spec.replicas: starts at the floor of ${autoscaler.scaler} (${replicas}) until it scales` };
}

/** The partial object the handover manager applies: only spec.replicas. */
export function replicasOnly(desired: PlainObject, replicas: number): PlainObject {
  return { apiVersion: desired.apiVersion, kind: desired.kind, metadata: { name: desired.metadata.name, namespace: desired.metadata.namespace }, spec: { replicas } };
}
