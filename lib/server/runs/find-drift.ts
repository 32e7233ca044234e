import { mapWithLimit } from '@/lib/core/concurrency';
import type { ClusterGateway } from '@/lib/core/deploy/cluster-gateway';
import type { PlannedObject } from '@/lib/core/deploy/deploy-ports';
export type Drift = { objectId: string; planned: string | null; live: string | null };

/**
 * Objects whose live resourceVersion is no longer the one the plan compared against: created,
 * changed or deleted by someone since. A plan that creates an object expects none to exist.
 */
export async function findDrift(gateway: ClusterGateway, objects: PlannedObject[], concurrency: number): Promise<Drift[]> {
  // The console may write Secrets but never read them: the plan compared them without a version.
  const readable = objects.filter((object) => object.kind !== 'Secret');
  const drifts = await mapWithLimit(readable, concurrency, async (object): Promise<Drift | null> => {
    const live = await gateway.get({ apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace || undefined, name: object.name });
    const liveVersion = (live?.metadata.resourceVersion as string | undefined) ?? null;
    const planned = object.action === 'create' ? null : object.liveResourceVersion;
    return liveVersion === planned ? null : { objectId: object.objectId, planned, live: liveVersion };
  });
  return drifts.filter((drift): drift is Drift => drift !== null);
}

export function driftMessage(drifts: Drift[]): string {
  const shown = drifts.slice(0, 5).map((drift) => `${drift.objectId} (${drift.planned === null ? 'created' : drift.live === null ? 'deleted' : 'changed'} since the plan)`);
  return `the cluster changed since this plan was made: ${shown.join(', ')}${drifts.length > 5 ? ` and ${drifts.length - 5} more` : ''}; make a new plan`;
}
