import type { Decision } from '@/lib/core/auth/roles';
import { asDecision, canDecidePlan, canDeployPlan, validApprovals } from '@/lib/core/deploy/approval-policy';
import type { ApprovalRecord, PlanRecord } from '@/lib/core/deploy/deploy-ports';
import { NotFound } from '@/lib/core/errors';
import { requireActor, type UseCaseContext } from '../context';

export type PlanDecisions = {
  plan: PlanRecord & { approvals: ApprovalRecord[] };
  approve: Decision;
  reject: Decision;
  deploy: Decision;
  /** Whether the actor's role may ever deploy: a viewer or approver is shown no deploy button at all. */
  mayDeploy: boolean;
  /** Approvals that count now (the policy's validApprovals), of how many required (0 for an unprotected environment). */
  approvals: { count: number; required: number };
};

/** What the plan page's buttons may do for this actor, each with the reason when not (the server asks the same again). */
export async function getPlanDecisions(ctx: UseCaseContext, planId: string): Promise<PlanDecisions> {
  const actor = requireActor(ctx);
  const plan = await ctx.deps.approvals.getPlan(planId);
  if (!plan) throw new NotFound(`no plan ${planId}`);
  const now = ctx.deps.now();
  const decide = asDecision(canDecidePlan(actor, plan, plan.approvals, now));
  return {
    plan,
    approve: decide,
    reject: decide,
    deploy: asDecision(canDeployPlan(actor, plan, plan.approvals, now)),
    mayDeploy: actor.role === 'operator' || actor.role === 'admin',
    approvals: { count: validApprovals(plan, plan.approvals, now).length, required: plan.protected ? plan.approvalsRequired : 0 },
  };
}
