import type { PlanDto } from '@/lib/core/deploy/plan-contract';
import { PlanDecisionButtons, type PlanDecisionButtonsProps } from './plan-decision-buttons';

/**
 * What can be done with a plan: approve, reject and deploy (the deploy engine's approvals and
 * runs), each saying why when it is disabled. The page asks the server for the decisions.
 */
export function PlanActions({ plan, decisions }: { plan: PlanDto; decisions: Omit<PlanDecisionButtonsProps, 'environment' | 'planId'> }) {
  return <PlanDecisionButtons environment={plan.environment} planId={plan.id} {...decisions} />;
}
