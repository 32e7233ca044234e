import { mapBounded } from '@/lib/core/map-bounded';
import type { DriftCheckRecord, DomainEvent } from '@/lib/core/ports';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { checkEnvironmentDrift } from './check-environment-drift';

/** Environments checked at once in one cycle: each check is already 8 cluster requests wide. */
const environmentsAtOnce = 2;

/**
 * One drift cycle: every environment that deployed successfully, compared with its last deploy and
 * stored (the schedule's job runs this; so can a test). An environment whose check fails is stored
 * as failed and the others go on.
 */
export async function checkAllDrift(deps: Deps): Promise<DriftCheckRecord[]> {
  const deployed = await deps.drift.findDeployedEnvironments();
  return mapBounded(deployed, environmentsAtOnce, async (environment) => (await checkAndAnnounce(deps, environment)));
}

/** Checks one environment and publishes `drift.found` when it drifted in a way the last check did not show. */
export async function checkAndAnnounce(deps: Deps, environment: Parameters<typeof checkEnvironmentDrift>[1]): Promise<DriftCheckRecord> {
  const { check, previous } = await checkEnvironmentDrift(deps, environment);
  if (check.status === 'drifted' && check.fingerprint !== previous?.fingerprint) {
    const event: DomainEvent = {
      type: 'drift.found',
      environment: check.environment,
      revision: check.revision,
      checkedAt: check.checkedAt,
      objects: check.objects.map((object) => ({ objectId: object.objectId, change: object.change, changedBy: object.changedBy.map((changer) => changer.manager) })),
    };
    await deps.events.publish(event).catch((error: Error) => logger.warn('drift event not published', { environment: check.environment, error: error.message }));
  }
  return check;
}
