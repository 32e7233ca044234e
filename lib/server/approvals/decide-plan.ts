import { canDecidePlan } from '@/lib/core/deploy/approval-policy';
import type { ApprovalRecord } from '@/lib/core/deploy/deploy-ports';
import { NotFound } from '@/lib/core/errors';
import { auditEntry, requireActor, type UseCaseContext } from '../context';
import { enforceVerdict } from './enforce-verdict';
import { planEvent } from '../notifications/notification-events';

/**
 * An approver's decision on a plan, bound to its hash, checked again on the locked plan row (a
 * concurrent reject, supersede or deploy is seen). The database refuses the requester and any other
 * hash as well. approve-plan.ts and reject-plan.ts are its two faces.
 */
export async function decidePlan(ctx: UseCaseContext, planId: string, decision: 'approved' | 'rejected', comment: string): Promise<ApprovalRecord> {
  const actor = requireActor(ctx);
  const plan = await ctx.deps.approvals.getPlan(planId);
  if (!plan) throw new NotFound(`no plan ${planId}`);
  const now = ctx.deps.now();
  const verb = decision === 'approved' ? 'approved' : 'rejected';
  const record = await ctx.deps.approvals.recordDecision(
    { planId, approverId: actor.userId, decision, comment },
    (locked, approvals) => enforceVerdict(canDecidePlan(actor, locked, approvals, now)),
    auditEntry(ctx, {
      action: `plan.${verb}`,
      targetType: 'environment',
      targetName: plan.environment,
      summary: `plan ${plan.id} (revision ${plan.revisionNumber}, hash ${plan.hash.slice(0, 12)}) ${verb} by ${actor.email}${comment ? `: ${comment}` : ''}`,
    }),
  );
  await ctx.deps.notifier.notify(planEvent(decision === 'approved' ? 'plan.approved' : 'plan.rejected', plan, now, actor.email, comment ? { comment } : {}));
  return record;
}
