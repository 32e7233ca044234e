import { canReadEnvironments } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import type { PlanRecord } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** One plan: everyone signed in reads plans (approvers review them, viewers follow them). */
export async function getPlan(ctx: UseCaseContext, id: string): Promise<PlanRecord> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const plan = await ctx.deps.plans.findPlan(id);
  if (!plan) throw new NotFound(`no plan ${id}`);
  return plan;
}
