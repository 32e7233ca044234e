import { canScaleEnvironment } from '@/lib/core/auth/roles';
import { canDeployPlan } from '@/lib/core/deploy/approval-policy';
import type { RunRecord } from '@/lib/core/deploy/deploy-ports';
import { isTerminalRunStatus } from '@/lib/core/deploy/run-contract';
import { approvalGate } from '@/lib/core/deploy/plan-gate';
import { canonicalJson } from '@/lib/core/canonical-json';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { componentOf } from '@/lib/core/deploy/plan-summary';
import { type EnvironmentSpec, environmentSpecSchema } from '@/lib/core/environments/environment-spec';
import { type ScaleRequest, scaleComponent as applyScale } from '@/lib/core/environments/scale-component';
import { Conflict, NotFound } from '@/lib/core/errors';
import { contentHash } from '@/lib/core/hash';
import type { PlanRecord, RevisionRecord } from '@/lib/core/ports';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { objectId, toPlain } from '@/manifests/kube-object';
import { renderPlatform } from '@/manifests/render-platform';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import { createPlan } from '../plans/create-plan';
import { deployPlan } from '../runs/deploy-plan';

/**
 * The components whose rendered objects a scale changes: the component's own (its ScaledObject,
 * replicas, budget), and others' that read its bounds (the monitoring rules' autoscaler-at-maximum
 * alert reads maxReplicas). Planning fewer would leave a later, unrelated deploy to apply the rest.
 */
export function renderedChanges(before: EnvironmentSpec, after: EnvironmentSpec): string[] {
  const render = (spec: EnvironmentSpec) => new Map(renderPlatform(spec).map((object) => [objectId(object), object]));
  const [from, to] = [render(before), render(after)];
  const changed = new Set<string>();
  for (const [id, object] of to) {
    const earlier = from.get(id);
    if (!earlier || canonicalJson(toPlain(earlier)) !== canonicalJson(toPlain(object))) changed.add(componentOf(toPlain(object) as PlainObject));
  }
  for (const [id, object] of from) if (!to.has(id)) changed.add(componentOf(toPlain(object) as PlainObject));
  return [...changed].sort();
}

export type ScaleOutcome = { revision: RevisionRecord; plan: PlanRecord; run: RunRecord | null };

/**
 * Scaling is an environment edit that goes through the deploy pipeline, so a later deploy never
 * reverts it: a new revision with the scale applied, a plan of the component, and its deploy at once
 * where the plan needs no approval (an operator on an unprotected environment); on a protected one
 * the plan waits for approvers.
 *
 * All or nothing: the revision is saved only once its plan is made and could go ahead. A request
 * that breaks a rule, a deploy that would meet the environment's active run, a cluster that cannot
 * be planned against or a plan failing its checks is refused writing neither revision nor plan (a
 * refusal that left the scale saved would be deployed by the next, unrelated deploy). What can still
 * fail after the save is the deploy's own last-moment check (a run started or the cluster changed in
 * the instant between): the revision and its open plan then stay, as any edit's do, and the error
 * names the plan to deploy.
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
  // An unprotected environment deploys at once: an active run would refuse it, so refuse first.
  if (!approvalGate(scaled.spec.protection, spec.protection).protected) {
    const [latest] = (await ctx.deps.runs.findRuns(environment, { limit: 1 })).items;
    if (latest && !isTerminalRunStatus(latest.status)) {
      throw new Conflict(`${environment} has a ${latest.status} run (${latest.id}): scale it once that run ends. Nothing was saved.`, { activeRun: latest.id });
    }
  }
  const changeNote = `scale ${scaled.changes.join('; ')}${request.reason ? ` (${request.reason})` : ''}`.slice(0, 500);
  let revision: RevisionRecord | undefined;
  const plan = await createPlan(ctx, environment, { components: renderedChanges(spec, scaled.spec) }, 'plan', {
    spec: scaled.spec,
    save: async ({ checksPassed, checks }) => {
      if (!checksPassed) {
        const problems = checks.problems.slice(0, 3).map((problem) => `${problem.object}: ${problem.message}`).join('; ');
        throw new Conflict(`the scale's plan fails its checks, so nothing was saved: ${problems}`, { problems: checks.problems.slice(0, 20) });
      }
      revision = await ctx.deps.environments.appendRevision(
        { spec: scaled.spec, specHash: contentHash(scaled.spec), changeNote, authorId: actor.userId, expectedRevision: head.number },
        auditEntry(ctx, { action: 'environment.scaled', targetType: 'environment', targetName: environment, summary: `revision ${head.number + 1}: ${changeNote}` }),
      );
      return revision;
    },
  });
  const gate = await ctx.deps.approvals.getPlan(plan.id);
  const deployNow = gate !== null && canDeployPlan(actor, gate, gate.approvals, ctx.deps.now()).allowed;
  const run = deployNow ? await deployPlan(ctx, plan.id) : null;
  return { revision: revision!, plan, run };
}
