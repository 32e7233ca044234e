import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import type { DriftedObject } from '@/lib/core/drift/drift-contract';
import { fieldChangers } from '@/lib/core/drift/field-changers';
import { errorCode } from '@/lib/core/errors';
import { contentHash } from '@/lib/core/hash';
import { mapBounded } from '@/lib/core/map-bounded';
import type { DeployedEnvironment, DriftCheckRecord } from '@/lib/core/ports';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { compareWithCluster, refOf, type ComparedObject } from '../plans/compare-with-cluster';

/** Objects compared with the cluster at once (each is a read and a dry-run), as a plan does. */
const driftConcurrency = 8;

/**
 * Compares what the console last applied to each object of a deployed environment (its inventory,
 * in the form that run applied) with the cluster, as a plan would (compareWithCluster: a
 * server-side apply dry-run beside the live object), and stores the result as the environment's
 * last check. Drift is what applying that again would change: a field the console applies changed
 * by someone, or an object deleted. Replicas an autoscaler owns are not rendered, so never drift.
 * Writes nothing to the cluster. Also returns the check it replaced, to tell news from repeats.
 */
export async function checkEnvironmentDrift(deps: Deps, deployed: DeployedEnvironment): Promise<{ check: DriftCheckRecord; previous: DriftCheckRecord | null }> {
  const checkedAt = deps.now();
  let check: DriftCheckRecord;
  try {
    const objects = await drifted(deps, deployed);
    check = { environment: deployed.environment, checkedAt, status: objects.length ? 'drifted' : 'in-sync', revision: deployed.revision, objects, error: null, fingerprint: fingerprintOf(objects) };
  } catch (error) {
    // Adapters speak the error vocabulary in their own safe words; anything else is ours to log, not to show.
    const known = errorCode(error) !== undefined;
    if (!known) logger.error('drift check failed', { environment: deployed.environment, error: (error as Error).message });
    const message = known ? (error as Error).message : 'the check failed unexpectedly (see the console log)';
    check = { environment: deployed.environment, checkedAt, status: 'failed', revision: deployed.revision, objects: [], error: message, fingerprint: '' };
  }
  const previous = await deps.drift.saveDriftCheck(check);
  return { check, previous };
}

async function drifted(deps: Deps, deployed: DeployedEnvironment): Promise<DriftedObject[]> {
  const baseline = (await deps.drift.findDeployedObjects(deployed.environment)).map((object) => object.desired as PlainObject);
  const gateway = await deps.clusterGateways.forCluster(deployed.cluster);
  const compared = await compareWithCluster(gateway, baseline, { force: false, concurrency: driftConcurrency });
  return mapBounded(compared.filter(isDrift), driftConcurrency, async (object): Promise<DriftedObject> => {
    const deleted = object.action === 'create';
    // The console may not read Secrets: who changed one stays unknown.
    const live = deleted || object.object.kind === 'Secret' ? null : await gateway.get(refOf(object.object));
    return {
      objectId: object.id,
      kind: object.object.kind,
      namespace: object.object.metadata.namespace ?? '',
      name: object.object.metadata.name,
      change: deleted || !live ? 'deleted' : 'changed',
      diff: object.diff,
      changedBy: live ? fieldChangers(object.object, live) : [],
    };
  });
}

/**
 * An object whose apply would change something. A Deployment whose spec.replicas the console would
 * only hand over to its autoscaler (same count, another owner) is not: nobody changed anything.
 */
function isDrift(object: ComparedObject): boolean {
  if (object.action === 'unchanged') return false;
  const handoverOnly = object.action === 'update' && object.warnings.some((warning) => warning.check === 'replica-handover') && object.diff.includes('no value changes');
  return !handoverOnly;
}

/** What drifted and how, so the next check tells a new drift from the same one seen again. */
const fingerprintOf = (objects: DriftedObject[]) => (objects.length ? contentHash(objects.map(({ objectId, change, diff }) => ({ objectId, change, diff }))) : '');
