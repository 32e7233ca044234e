import type { DriftReport } from '@/lib/core/drift/drift-contract';
import { NotFound } from '@/lib/core/errors';
import { requireActor, type UseCaseContext } from '../context';
import { driftReportOf } from './drift-report';

/** The environment's last drift check as stored (never re-computed here); any signed-in role reads it. */
export async function getDrift(ctx: UseCaseContext, environment: string): Promise<DriftReport> {
  requireActor(ctx);
  const { deps } = ctx;
  if (!(await deps.environments.environmentExists(environment))) throw new NotFound(`no environment named ${environment}`);
  const [check, deployed] = await Promise.all([deps.drift.findDriftCheck(environment), deps.drift.findDeployedEnvironment(environment)]);
  return driftReportOf(environment, check, deployed?.revision ?? null);
}
