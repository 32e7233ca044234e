import { mapWithLimit } from '@/lib/core/concurrency';
import type { ClusterGateway } from '@/lib/core/deploy/cluster-gateway';
import type { PlannedObject } from '@/lib/core/deploy/deploy-ports';
import { liveFingerprint } from '@/lib/core/deploy/live-fingerprint';

/** An object that is no longer as the plan saw it; planned and live are fingerprints (null: absent). */
export type Drift = { objectId: string; planned: string | null; live: string | null };

type Checked = Pick<PlannedObject, 'objectId' | 'apiVersion' | 'kind' | 'namespace' | 'name' | 'action' | 'desired' | 'liveResourceVersion' | 'liveFingerprint'>;

/**
 * Objects whose live form is no longer what the plan compared against: created, deleted, or a
 * field the apply concerns changed by someone since (liveFingerprint: status, server-owned
 * metadata and replicas an autoscaler owns are not looked at, so a replaced pod or a scale step is
 * no drift). A plan that creates an object expects none to exist. The worker calls this too.
 */
export async function findDrift(gateway: ClusterGateway, objects: readonly Checked[], concurrency: number): Promise<Drift[]> {
  // The console may write Secrets but never read them: the plan compared them without reading.
  const readable = objects.filter((object) => object.kind !== 'Secret');
  const drifts = await mapWithLimit(readable, concurrency, async (object): Promise<Drift | null> => {
    const live = await gateway.get({ apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace || undefined, name: object.name });
    if (object.action === 'create') return live ? { objectId: object.objectId, planned: null, live: short(liveFingerprint(live, object.desired)) } : null;
    if (object.liveFingerprint) {
      const now = liveFingerprint(live, object.desired);
      return now === object.liveFingerprint ? null : { objectId: object.objectId, planned: short(object.liveFingerprint), live: short(now) };
    }
    // A plan stored before fingerprints were: its resourceVersion is all there is to compare.
    const version = (live?.metadata.resourceVersion as string | undefined) ?? null;
    return version === object.liveResourceVersion ? null : { objectId: object.objectId, planned: object.liveResourceVersion, live: version };
  });
  return drifts.filter((drift): drift is Drift => drift !== null);
}

const short = (fingerprint: string | null) => fingerprint && fingerprint.slice(0, 16);

export function driftMessage(drifts: Drift[]): string {
  const shown = drifts.slice(0, 5).map((drift) => `${drift.objectId} (${drift.planned === null ? 'created' : drift.live === null ? 'deleted' : 'changed'} since the plan)`);
  return `the cluster changed since this plan was made: ${shown.join(', ')}${drifts.length > 5 ? ` and ${drifts.length - 5} more` : ''}; make a new plan`;
}
