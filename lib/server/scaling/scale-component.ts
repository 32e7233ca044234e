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
 * The objects a scale changes in the render, and their components: the component's own (its
 * ScaledObject, replicas, budget), and others' that read its bounds (the monitoring rules'
 * autoscaler-at-maximum alert reads maxReplicas). Planning fewer components would leave a later,
 * unrelated deploy to apply the rest.
 */
export function renderedChanges(before: EnvironmentSpec, after: EnvironmentSpec): { objects: Set<string>; components: string[] } {
  const render = (spec: EnvironmentSpec) => new Map(renderPlatform(spec).map((object) => [objectId(object), object]));
  const [from, to] = [render(before), render(after)];
  const objects = new Set<string>();
  const components = new Set<string>();
  const note = (id: string, object: Parameters<typeof toPlain>[0]) => {
    objects.add(id);
    components.add(componentOf(toPlain(object) as PlainObject));
  };
  for (const [id, object] of to) {
    const earlier = from.get(id);
    if (!earlier || canonicalJson(toPlain(earlier)) !== canonicalJson(toPlain(object))) note(id, object);
  }
  for (const [id, object] of from) if (!to.has(id)) note(id, object);
  return { objects, components: [...components].sort() };
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
  const deploysAtOnce = !approvalGate(scaled.spec.protection, spec.protection).protected;
  const ownChanges = renderedChanges(spec, scaled.spec);
  if (deploysAtOnce) {
    const [latest] = (await ctx.deps.runs.findRuns(environment, { limit: 1 })).items;
    if (latest && !isTerminalRunStatus(latest.status)) {
      throw new Conflict(`${environment} has a ${latest.status} run (${latest.id}): scale it once that run ends. Nothing was saved.`, { activeRun: latest.id });
    }
  }
  const changeNote = `scale ${scaled.changes.join('; ')}${request.reason ? ` (${request.reason})` : ''}`.slice(0, 500);
  let revision: RevisionRecord | undefined;
  const plan = await createPlan(ctx, environment, { components: ownChanges.components }, 'plan', {
    spec: scaled.spec,
    save: async ({ checksPassed, checks }) => {
      if (!checksPassed) {
        const problems = checks.problems.slice(0, 3).map((problem) => `${problem.object}: ${problem.message}`).join('; ');
        throw new Conflict(`the scale's plan fails its checks, so nothing was saved: ${problems}`, { problems: checks.problems.slice(0, 20) });
      }
      if (deploysAtOnce) await refuseUndeployedChanges(ctx, environment, head, spec, ownChanges.components);
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

/**
 * A scale that deploys at once deploys only itself. Its plan is made from the head, so the head's
 * changes to the same components that never ran (an image bump saved but not deployed) would ship
 * under a note that says "scale": refused, naming them. What the cluster runs is decided by the
 * newest run of any status that covered the component: one that failed, was interrupted or cancelled
 * may have applied part of its revision (a rollback that timed out waiting for its rollout), so the
 * cluster's state is unknown and the scale is refused until a deploy succeeds. A component never
 * deployed is refused too (its first deploy is not a scale). Where approvers gate the plan, they see
 * its whole diff instead.
 */
async function refuseUndeployedChanges(ctx: UseCaseContext, environment: string, head: RevisionRecord, spec: EnvironmentSpec, components: string[]): Promise<void> {
  const pending: string[] = [];
  for (const component of components) {
    const last = await ctx.deps.runs.findLastRunCovering(environment, component);
    if (!last) {
      pending.push(`${component} (never deployed)`);
      continue;
    }
    if (last.status !== 'succeeded') {
      pending.push(`${component} (its last ${last.kind} run ${last.id}, of revision ${last.revisionNumber}, ${last.status}: what it left on the cluster is unknown)`);
      continue;
    }
    if (last.revisionNumber === head.number) continue;
    const record = await ctx.deps.environments.findRevision(environment, last.revisionNumber);
    const before = record ? environmentSpecSchema.safeParse(record.spec) : null;
    if (!before?.success || renderedChanges(before.data, spec).components.includes(component)) {
      pending.push(`${component} (revision ${last.revisionNumber} runs)`);
    }
  }
  if (pending.length > 0) {
    throw new Conflict(`revision ${head.number} of ${environment} holds changes not deployed yet to ${pending.join(', ')}: the scale would deploy them too. Deploy or revert them first, then scale. Nothing was saved.`, {
      undeployed: pending,
    });
  }
}
