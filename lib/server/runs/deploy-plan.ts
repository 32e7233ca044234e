import { canDeployPlan, validApprovals } from '@/lib/core/deploy/approval-policy';
import type { RunRecord } from '@/lib/core/deploy/deploy-ports';
import { requireWithinTargets } from '@/lib/core/environments/deploy-targets';
import { NotFound, PlanStale } from '@/lib/core/errors';
import { enforceVerdict } from '../approvals/enforce-verdict';
import { auditEntry, requireActor, type UseCaseContext } from '../context';
import { driftMessage, findDrift } from './find-drift';

/**
 * Starts a deploy run of a plan: operators and admins, an open plan that passed its checks and,
 * for a protected environment, holds enough live approvals bound to its hash. Every object must lie
 * in a namespace the environment holds now (a target released and taken by another environment
 * since the plan: 409). The cluster is asked whether anything the plan compared has changed since
 * (PlanStale, 409); the policy is
 * asked again on the locked plan row as the run is created with its job, so a concurrent reject,
 * supersede or second deploy is seen. One active run per environment (409 naming it).
 */
export async function deployPlan(ctx: UseCaseContext, planId: string): Promise<RunRecord> {
  const actor = requireActor(ctx);
  const plan = await ctx.deps.approvals.getPlan(planId);
  if (!plan) throw new NotFound(`no plan ${planId}`);
  const now = ctx.deps.now();
  enforceVerdict(canDeployPlan(actor, plan, plan.approvals, now));

  const [objects, targets] = await Promise.all([ctx.deps.runs.findPlannedObjects(plan.id), ctx.deps.environments.findDeployTargets(plan.environment)]);
  requireWithinTargets(plan.environment, plan.cluster, targets, objects);
  const gateway = await ctx.deps.clusterGateways.forCluster(plan.cluster);
  const drifts = await findDrift(gateway, objects, ctx.deps.deploy.applyConcurrency);
  if (drifts.length > 0) throw new PlanStale(driftMessage(drifts), { objects: drifts });

  // Deploying an earlier revision than the environment's head is a rollback.
  const head = await ctx.deps.environments.findHead(plan.environment);
  const kind = head && plan.revisionNumber < head.number ? 'rollback' : 'deploy';
  return ctx.deps.runs.createRun(
    { planId: plan.id, requestedBy: actor.userId, kind },
    (locked, approvals) => enforceVerdict(canDeployPlan(actor, locked, approvals, ctx.deps.now())),
    auditEntry(ctx, {
      action: `run.requested`,
      targetType: 'environment',
      targetName: plan.environment,
      summary: `${kind} of plan ${plan.id} (revision ${plan.revisionNumber}, hash ${plan.hash.slice(0, 12)}) requested by ${actor.email}; approvals: ${validApprovals(plan, plan.approvals, now).map((a) => a.approver.email).join(', ') || 'none needed'}`,
    }),
  );
}
