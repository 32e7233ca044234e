import type { ApprovalRecord } from '@/lib/core/deploy/deploy-ports';
import type { ApprovePlanInput } from '@/lib/core/deploy/run-contract';
import type { UseCaseContext } from '../context';
import { decidePlan } from './decide-plan';

/** Approves a plan of a protected environment: approvers only, never the requester, expiring after the plan's approval expiry. */
export function approvePlan(ctx: UseCaseContext, planId: string, input: ApprovePlanInput): Promise<ApprovalRecord> {
  return decidePlan(ctx, planId, 'approved', input.comment);
}
