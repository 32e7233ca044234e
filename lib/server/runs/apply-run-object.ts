import type { ClusterGateway, ObjectRef } from '@/lib/core/deploy/cluster-gateway';
import type { RunWork } from '@/lib/core/deploy/deploy-ports';
import { type Autoscaler, autoscalerOf, handoverFieldManager, planReplicaHandover, replicasOnly } from '@/lib/core/deploy/replica-handover';
import type { outcomeRecorder } from './outcome-recorder';
import { LeaseLost } from './run-lease-keeper';

// One object of a run on the cluster: applied (with force when the approved plan said the forced
// apply takes its fields, with the replica handover when an autoscaler takes over its Deployment),
// or pruned. Every cluster write is preceded by the lease check; each outcome is recorded with its
// event, saying what was forced and what was handed over.

export type RunObject = RunWork['objects'][number];

export class RunFailure extends Error {}

export type ObjectContext = {
  gateway: ClusterGateway;
  recorder: ReturnType<typeof outcomeRecorder>;
  /** Throws when this worker may not write to the cluster now (lease lost or past its deadline). */
  assertHeld: () => void;
  /** Throws when the worker is stopping: called before each object, never between the writes of one. */
  checkpoint: () => void;
  /** Objects the approved (forced) plan takes fields of, with those fields and their owners. */
  forced: ReadonlyMap<string, string[]>;
  /** Deployments an autoscaler of the plan scales, by namespace/name. */
  autoscaled: ReadonlyMap<string, Autoscaler>;
  /** Forced objects applied by this attempt, for the audit. */
  forcedApplied: string[];
};

export const refOf = (object: RunObject): ObjectRef => ({ apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace || undefined, name: object.name });

const eventPayload = (object: RunObject) => ({ seq: object.seq, objectId: object.objectId, wave: object.wave, action: object.action });

export async function applyRunObject(ctx: ObjectContext, object: RunObject): Promise<void> {
  ctx.checkpoint();
  if (!ctx.recorder.held) throw new LeaseLost('another attempt holds the run');
  const payload: Record<string, unknown> = eventPayload(object);
  if (object.action === 'unchanged' || !object.desired) {
    // The drift check saw it as planned: applying it again would change nothing.
    ctx.recorder.record({ seq: object.seq, status: 'unchanged', event: { type: 'object.unchanged', payload } });
    return;
  }
  const desired = object.desired;
  const { gateway } = ctx;
  const forcedFields = ctx.forced.get(object.objectId);
  try {
    const autoscaler = autoscalerOf(desired, ctx.autoscaled);
    const handover = autoscaler ? planReplicaHandover(await gateway.get(refOf(object)), autoscaler) : null;
    const handOver = async () => {
      ctx.assertHeld();
      return gateway.apply(replicasOnly(desired, handover!.replicas), { force: false, fieldManager: handoverFieldManager });
    };
    if (handover?.when === 'before-apply') await handOver();
    ctx.assertHeld();
    let applied = await gateway.apply(desired, { force: forcedFields !== undefined });
    if (handover?.when === 'after-apply') applied = await handOver();
    if (handover) payload.replicasHandover = { replicas: handover.replicas, fieldManager: handoverFieldManager, reason: handover.reason };
    if (forcedFields) {
      payload.forced = forcedFields;
      ctx.forcedApplied.push(object.objectId);
    }
    const resourceVersion = (applied.metadata.resourceVersion as string | undefined) ?? null;
    ctx.recorder.record({ seq: object.seq, status: 'applied', resourceVersion, event: { type: 'object.applied', payload } });
  } catch (error) {
    if (error instanceof LeaseLost) throw error;
    const message = error instanceof Error ? error.message : String(error);
    ctx.recorder.record({ seq: object.seq, status: 'failed', message, event: { type: 'object.failed', payload: { ...payload, message } } });
    throw new RunFailure(`${object.objectId}: ${message}`);
  }
}

export async function pruneRunObject(ctx: ObjectContext, object: RunObject): Promise<void> {
  ctx.checkpoint();
  if (!ctx.recorder.held) throw new LeaseLost('another attempt holds the run');
  const payload = eventPayload(object);
  let result: 'deleted' | 'absent';
  try {
    ctx.assertHeld();
    result = await ctx.gateway.delete(refOf(object));
  } catch (error) {
    if (error instanceof LeaseLost) throw error;
    const message = error instanceof Error ? error.message : String(error);
    ctx.recorder.record({ seq: object.seq, status: 'failed', message, event: { type: 'object.failed', payload: { ...payload, message } } });
    throw new RunFailure(`${object.objectId}: ${message}`);
  }
  ctx.recorder.record({ seq: object.seq, status: 'pruned', message: result === 'absent' ? 'already gone' : undefined, event: { type: 'object.pruned', payload } });
}

/** Objects applied with force, as the plan's checks warned: a forced plan's field conflicts, and spec.replicas taken back from an autoscaler. */
export function forcedObjects(plan: RunWork['plan']): Map<string, string[]> {
  const forced = new Map<string, string[]>();
  // Taking spec.replicas back from an autoscaler's manager needs no forced plan (the plan said so).
  const taken = (w: RunWork['plan']['warnings'][number]) => w.check === 'replica-takeback' || (plan.flags.force && w.check === 'field-conflict');
  for (const warning of plan.warnings.filter(taken)) {
    forced.set(warning.object, [...(forced.get(warning.object) ?? []), `${warning.path}: ${warning.message}`]);
  }
  return forced;
}
