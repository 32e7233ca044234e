import type { DriftReport } from '@/lib/core/drift/drift-contract';
import { canCheckDrift } from '@/lib/core/drift/drift-policy';
import { Conflict, NotFound } from '@/lib/core/errors';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { checkAndAnnounce } from './check-all-drift';
import { driftReportOf } from './drift-report';

/** The environment's drift checked now, on demand (the button, the API, `personapass drift ENV --check`), and stored. */
export async function checkDriftNow(ctx: UseCaseContext, environment: string): Promise<DriftReport> {
  enforce(canCheckDrift(requireActor(ctx)));
  const { deps } = ctx;
  if (!(await deps.environments.environmentExists(environment))) throw new NotFound(`no environment named ${environment}`);
  const deployed = await deps.drift.findDeployedEnvironment(environment);
  if (!deployed) throw new Conflict(`${environment} never deployed successfully: there is nothing to compare the cluster with`);
  const check = await checkAndAnnounce(deps, deployed);
  return driftReportOf(environment, check, deployed.revision);
}
