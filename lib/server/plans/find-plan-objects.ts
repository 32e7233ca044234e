import { canReadEnvironments } from '@/lib/core/auth/roles';
import type { PlanAction } from '@/lib/core/deploy/plan-contract';
import type { Page, PlanObjectRecord } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { getPlan } from './get-plan';

/** A plan's objects in apply order with their diffs, a page at a time, optionally of one action. */
export async function findPlanObjects(ctx: UseCaseContext, id: string, query: { limit: number; after?: number; action?: PlanAction }): Promise<Page<PlanObjectRecord>> {
  enforce(canReadEnvironments(requireActor(ctx)));
  await getPlan(ctx, id);
  return ctx.deps.plans.findPlanObjects(id, query);
}
