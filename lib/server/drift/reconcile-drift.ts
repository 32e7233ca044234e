import type { ReconcileInput } from '@/lib/core/drift/drift-contract';
import { Conflict, NotFound } from '@/lib/core/errors';
import type { PlanRecord } from '@/lib/core/ports';
import { requireActor, type UseCaseContext } from '../context';
import { createPlan } from '../plans/create-plan';

/**
 * "Reconcile": a plan of the revision the environment last deployed successfully, through the
 * normal policy (who may plan, checks, the approval gate of a protected environment, the deploy).
 * Fields someone else took (a `kubectl edit`) are their field manager's now: the plan's checks name
 * them, and only an admin's forced plan takes them back, as for any plan.
 */
export async function reconcileDrift(ctx: UseCaseContext, environment: string, input: ReconcileInput): Promise<PlanRecord> {
  requireActor(ctx);
  const { deps } = ctx;
  if (!(await deps.environments.environmentExists(environment))) throw new NotFound(`no environment named ${environment}`);
  const deployed = await deps.drift.findDeployedEnvironment(environment);
  if (!deployed) throw new Conflict(`${environment} never deployed successfully: there is no deployed revision to reconcile to`);
  return createPlan(ctx, environment, { revision: deployed.revision, force: input.force });
}
