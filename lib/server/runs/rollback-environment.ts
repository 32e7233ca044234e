import { canPlan } from '@/lib/core/deploy/plan-policy';
import { Conflict, NotFound } from '@/lib/core/errors';
import type { PlanRecord } from '@/lib/core/ports';
import type { RollbackInput } from '@/lib/core/deploy/run-contract';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { createPlan } from '../plans/create-plan';

/**
 * Rolling back is planning an earlier revision that once deployed successfully: a new plan made
 * from it, through the same policy (who may plan, checks, approvals on a protected environment,
 * the deploy). The environment's head stays as it is.
 */
export async function rollbackEnvironment(ctx: UseCaseContext, environment: string, input: RollbackInput): Promise<PlanRecord> {
  const actor = requireActor(ctx);
  const head = await ctx.deps.environments.findHead(environment);
  if (!head) throw new NotFound(`no environment named ${environment}`);
  enforce(canPlan(actor, { name: environment, protected: head.spec.protection.protected }));
  const deployed = await ctx.deps.runs.findDeployedRevisions(environment);
  if (!deployed.includes(input.revision)) {
    const known = deployed.length ? `; revisions deployed successfully: ${deployed.slice(0, 10).join(', ')}` : '; nothing was ever deployed successfully';
    throw new Conflict(`revision ${input.revision} of ${environment} was never deployed successfully: only those can be rolled back to${known}`, { deployedRevisions: deployed });
  }
  return createPlan(ctx, environment, { revision: input.revision });
}
