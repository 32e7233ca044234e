import type { PlanDto } from '@/lib/core/deploy/plan-contract';

/**
 * The slot for what can be done with a plan: approve, reject and deploy belong to the deploy
 * engine (approvals and runs) and render here, each saying why when it is disabled. Until they
 * land, a plan is read only.
 */
export function PlanActions(_props: { plan: PlanDto }) {
  return null;
}
