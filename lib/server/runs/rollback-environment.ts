import type { PlanRecord } from '@/lib/core/ports';
import type { RollbackInput } from '@/lib/core/deploy/run-contract';
import type { UseCaseContext } from '../context';
import { createPlan } from '../plans/create-plan';

/**
 * Rolling back is planning an earlier revision that once deployed successfully: a new plan made
 * from it, through the same policy (who may plan, checks, today's approval gate, the namespaces the
 * environment holds today, the deploy). createPlan holds the rule of which revisions qualify
 * (refuseRevision: 409 naming those that do). The environment's head stays as it is.
 */
export async function rollbackEnvironment(ctx: UseCaseContext, environment: string, input: RollbackInput): Promise<PlanRecord> {
  return createPlan(ctx, environment, { revision: input.revision }, 'rollback');
}
