import type { ApprovalRecord } from '@/lib/core/deploy/deploy-ports';
import type { RejectPlanInput } from '@/lib/core/deploy/run-contract';
import type { UseCaseContext } from '../context';
import { decidePlan } from './decide-plan';

/** Rejects a plan with a comment: the plan is closed, and nobody can approve or deploy it any more. */
export function rejectPlan(ctx: UseCaseContext, planId: string, input: RejectPlanInput): Promise<ApprovalRecord> {
  return decidePlan(ctx, planId, 'rejected', input.comment);
}
