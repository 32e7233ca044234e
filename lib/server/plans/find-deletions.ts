import type { ClusterGateway, PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { objectDiff } from '@/lib/core/deploy/object-diff';
import type { PlanSummary } from '@/lib/core/deploy/plan-contract';
import { decideDeletion } from '@/lib/core/deploy/plan-deletions';
import { normalizeObject, redactSecret } from '@/lib/core/deploy/plan-object-form';
import { deletionWaves, waveOf } from '@/lib/core/deploy/waves';
import { liveFingerprint } from '@/lib/core/deploy/live-fingerprint';
import { errorCode } from '@/lib/core/errors';
import { sha256Hex } from '@/lib/core/hash';
import { mapBounded } from '@/lib/core/map-bounded';
import type { InventoryRecord } from '@/lib/core/ports';

export type PlannedDeletion = { record: InventoryRecord; component: string; diff: string; liveResourceVersion: string | null; liveFingerprint: string | null };

/**
 * The inventory's objects that are no longer rendered, as they live now: those still carrying the
 * console's labels for this environment are deleted (dependents first), the rest kept with a reason.
 */
export async function findDeletions(
  gateway: ClusterGateway,
  inventory: readonly InventoryRecord[],
  rendered: ReadonlySet<string>,
  context: { environment: string; components: readonly string[] | null; allowDeletes: boolean; heldNamespaces: readonly string[]; concurrency: number },
): Promise<{ deletions: PlannedDeletion[]; kept: PlanSummary['kept'] }> {
  const candidates = inventory.filter((record) => !rendered.has(record.objectId));
  const lives = await mapBounded(candidates, context.concurrency, (record) =>
    gateway.get({ apiVersion: record.apiVersion, kind: record.kind, namespace: record.namespace || undefined, name: record.name }).catch((error: Error) => {
      // Write-only kinds (Secrets): the console can neither check their labels nor delete them.
      if (errorCode(error) === 'forbidden') return { unreadable: error.message };
      throw error;
    }),
  );
  const deletions: PlannedDeletion[] = [];
  const kept: PlanSummary['kept'] = [];
  candidates.forEach((record, index) => {
    const answer = lives[index]!;
    if (answer && 'unreadable' in answer) {
      kept.push({ object: record.objectId, reason: `no longer rendered, but the console may not read it to check it is still its own: remove it by hand if nothing needs it (${answer.unreadable})` });
      return;
    }
    const live = answer as PlainObject | null;
    const decision = decideDeletion({ objectId: record.objectId, kind: record.kind, namespace: record.namespace }, live, context);
    if (!decision || !live) return;
    if (!decision.delete) {
      kept.push({ object: record.objectId, reason: decision.reason });
      return;
    }
    const before = redactSecret(normalizeObject(live), sha256Hex);
    deletions.push({
      record,
      component: decision.component,
      diff: objectDiff(record.objectId, before, null),
      liveResourceVersion: (live.metadata.resourceVersion as string | undefined) ?? null,
      liveFingerprint: liveFingerprint(live, null),
    });
  });
  const order = (deletion: PlannedDeletion) => deletionWaves.indexOf(waveOf(deletion.record.kind));
  return { deletions: deletions.sort((a, b) => order(a) - order(b)), kept };
}
