import { canScaleEnvironment } from '@/lib/core/auth/roles';
import { canDeployPlan } from '@/lib/core/deploy/approval-policy';
import type { RunRecord } from '@/lib/core/deploy/deploy-ports';
import { environmentSpecSchema } from '@/lib/core/environments/environment-spec';
import { type ScaleRequest, scaleComponent as applyScale } from '@/lib/core/environments/scale-component';
import { Conflict, NotFound } from '@/lib/core/errors';
import { contentHash } from '@/lib/core/hash';
import type { PlanRecord, RevisionRecord } from '@/lib/core/ports';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import { createPlan } from '../plans/create-plan';
import { deployPlan } from '../runs/deploy-plan';

export type ScaleOutcome = { revision: RevisionRecord; plan: PlanRecord; run: RunRecord | null };

/**
 * Scaling is an environment edit that goes through the deploy pipeline, so a later deploy never
 * reverts it: a new revision with the scale applied (refused, writing nothing, when the request
 * breaks a rule), a plan of the component, and its deploy at once where the plan needs no approval
 * (an operator on an unprotected environment); on a protected one the plan waits for approvers.
 */
export async function scaleComponent(ctx: UseCaseContext, environment: string, request: ScaleRequest): Promise<ScaleOutcome> {
  const actor = requireActor(ctx);
  enforce(canScaleEnvironment(actor, { name: environment }));
  const head = await ctx.deps.environments.findHead(environment);
  if (!head) throw new NotFound(`no environment named ${environment}`);
  if (request.expectedRevision !== undefined && request.expectedRevision !== head.number) {
    throw new Conflict(`${environment} is at revision ${head.number}, not ${request.expectedRevision}: ${head.author.name} saved "${head.changeNote}" since. Look at the current scale and try again.`, {
      currentRevision: head.number,
    });
  }
  const spec = parseOrThrow(environmentSpecSchema, head.spec, `revision ${head.number} of ${environment}`);
  const scaled = applyScale(spec, request);
  const changeNote = `scale ${scaled.changes.join('; ')}${request.reason ? ` (${request.reason})` : ''}`.slice(0, 500);
  const revision = await ctx.deps.environments.appendRevision(
    { spec: scaled.spec, specHash: contentHash(scaled.spec), changeNote, authorId: actor.userId, expectedRevision: head.number },
    auditEntry(ctx, { action: 'environment.scaled', targetType: 'environment', targetName: environment, summary: `revision ${head.number + 1}: ${changeNote}` }),
  );
  const plan = await createPlan(ctx, environment, { revision: revision.number, components: [request.component] });
  const gate = await ctx.deps.approvals.getPlan(plan.id);
  const deployNow = gate !== null && canDeployPlan(actor, gate, gate.approvals, ctx.deps.now()).allowed;
  const run = deployNow ? await deployPlan(ctx, plan.id) : null;
  return { revision, plan, run };
}
