import { canReadEnvironments } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import type { Page, PlanRecord } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** An environment's plans, newest first. */
export async function findPlans(ctx: UseCaseContext, environment: string, query: { limit: number; cursor?: string }): Promise<Page<PlanRecord>> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const page = await ctx.deps.plans.findPlans(environment, query);
  if (page.items.length === 0 && !(await ctx.deps.environments.environmentExists(environment))) throw new NotFound(`no environment named ${environment}`);
  return page;
}
