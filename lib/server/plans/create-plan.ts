import { randomUUID } from 'node:crypto';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import type { CreatePlanInput, PlanChecks, PlanFlags } from '@/lib/core/deploy/plan-contract';
import { approvalGate, refuseRevision } from '@/lib/core/deploy/plan-gate';
import { planHash } from '@/lib/core/deploy/plan-hash';
import { appliedForm } from '@/lib/core/deploy/plan-object-form';
import { canAllowProtectedDeletes, canForceApply, canPlan } from '@/lib/core/deploy/plan-policy';
import { componentOf, summarizePlan } from '@/lib/core/deploy/plan-summary';
import { waveOf } from '@/lib/core/deploy/waves';
import { deployTargetsOf, isOwnedObject, objectsOutsideTargets, sameTarget } from '@/lib/core/environments/deploy-targets';
import { environmentSpecSchema } from '@/lib/core/environments/environment-spec';
import { Conflict, DomainError, InvalidInput, NotFound, Unavailable } from '@/lib/core/errors';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { PlanObjectRecord, PlanRecord, RevisionRecord } from '@/lib/core/ports';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { objectId, toPlain } from '@/manifests/kube-object';
import { renderPlatform } from '@/manifests/render-platform';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import { awaitsApproval, planEvent } from '../notifications/notification-events';
import { checkRender } from './check-render';
import { compareWithCluster } from './compare-with-cluster';
import { findDeletions } from './find-deletions';
import { consoleMetrics, recordSafely, secondsSince } from '../telemetry/metrics';
import { startRunTrace, traceIdOf, type RunTrace } from '../telemetry/run-trace';

/**
 * A revision planned before it is saved (a scale): the spec the head would become, and how to save
 * it, called once the plan is made and before it is stored. Whatever refuses before then (an
 * unreachable cluster, failed checks the caller refuses in save) writes neither revision nor plan.
 */
export type UnsavedRevision = {
  spec: EnvironmentSpec;
  save: (plan: { checksPassed: boolean; checks: PlanChecks }) => Promise<RevisionRecord>;
};

/** Objects compared with the cluster at once within a wave (each is a read and a dry-run). */
export const planConcurrency = 8;

/**
 * What deploying a revision (the head unless given) of an environment would change on its cluster:
 * render, check, dry-run every object against the cluster and compare with what lives there, plan
 * the deletion of what the console applied before and no longer renders. Writes nothing to the
 * cluster; stores the plan, superseding the environment's open plans.
 *
 * An earlier revision is planned only when it once deployed successfully (a rollback does exactly
 * that), only into namespaces the environment holds today, and under today's approval gate as well
 * as its own (the strictest of the revision, the head and the deploy targets).
 */
export async function createPlan(ctx: UseCaseContext, environment: string, input: CreatePlanInput = {}, purpose: 'plan' | 'rollback' = 'plan', unsaved?: UnsavedRevision): Promise<PlanRecord> {
  // One trace per plan, its id the plan's: a slow plan opens in Jaeger as /trace/<plan id without dashes>.
  const id = randomUUID();
  const trace = startRunTrace(purpose === 'rollback' ? 'rollback plan' : 'plan', ctx.deps.tracing, { traceId: traceIdOf(id), attributes: { 'personapass.environment': environment, 'personapass.plan_id': id } });
  const startedAt = process.hrtime.bigint();
  let outcome = 'error';
  try {
    const plan = await makePlan(ctx, environment, input, purpose, id, trace, unsaved);
    outcome = plan.checksPassed ? 'planned' : 'checks-failed';
    if (awaitsApproval(plan)) await ctx.deps.notifier.notify(planEvent('plan.awaiting_approval', plan, plan.createdAt, plan.requestedBy.email, { changes: plan.summary.changes }));
    return plan;
  } catch (error) {
    outcome = error instanceof NotFound ? 'not-found' : error instanceof DomainError && !(error instanceof Unavailable) ? 'refused' : 'error';
    throw error;
  } finally {
    recordSafely(() => consoleMetrics().planDuration.observe({ environment: outcome === 'not-found' ? 'unknown' : environment, outcome }, secondsSince(startedAt)));
    // Exported in the background: the answer never waits for the collector.
    if (outcome !== 'not-found') void trace.end(outcome === 'error' ? 'error' : 'ok', outcome);
  }
}

async function makePlan(ctx: UseCaseContext, environment: string, input: CreatePlanInput, purpose: 'plan' | 'rollback', id: string, trace: RunTrace, unsaved?: UnsavedRevision): Promise<PlanRecord> {
  const actor = requireActor(ctx);
  const { deps } = ctx;
  const stored = await deps.environments.findHead(environment);
  if (!stored) throw new NotFound(`no environment named ${environment}`);
  // An unsaved revision is planned as the head it becomes (numbered as such until it is saved).
  let head: Pick<RevisionRecord, 'number' | 'spec'> = unsaved ? { number: stored.number + 1, spec: unsaved.spec } : stored;
  const headSpec = parseOrThrow(environmentSpecSchema, head.spec, `revision ${head.number} of ${environment}`);
  enforce(canPlan(actor, { name: environment, protected: headSpec.protection.protected }));
  if (input.allowDeletes) enforce(canAllowProtectedDeletes(actor));
  if (input.force) enforce(canForceApply(actor));
  let revision = head;
  if (!unsaved && input.revision !== undefined && (input.revision !== head.number || purpose === 'rollback')) {
    const refusal = refuseRevision(environment, input.revision, { head: head.number, deployed: await deps.runs.findDeployedRevisions(environment) }, purpose);
    if (refusal) throw new Conflict(refusal.message, refusal.details);
    const earlier = await deps.environments.findRevision(environment, input.revision);
    if (!earlier) throw new NotFound(`${environment} has no revision ${input.revision}`);
    revision = earlier;
  }
  const spec = revision === head ? headSpec : parseOrThrow(environmentSpecSchema, revision.spec, `revision ${revision.number} of ${environment}`);
  const flags: PlanFlags = { components: input.components ? [...new Set(input.components)].sort() : null, allowDeletes: input.allowDeletes ?? false, force: input.force ?? false };

  // Where the environment may write today, not where the revision once rendered: a namespace it
  // gave up may belong to another environment by now.
  const targets = await deps.environments.findDeployTargets(environment);
  const held = targets.filter((target) => target.cluster === spec.cluster);
  const notHeld = deployTargetsOf(spec).filter((target) => !held.some((mine) => sameTarget(mine, target)));
  if (notHeld.length > 0) {
    throw new Conflict(
      `revision ${revision.number} of ${environment} renders into ${notHeld.map((target) => target.namespace).join(', ')} on cluster ${spec.cluster}, which ${environment} no longer holds${held.length ? ` (it holds ${held.map((target) => target.namespace).join(', ')} there)` : ''}: plan a revision that deploys where it is now`,
      { cluster: spec.cluster, namespaces: notHeld.map((target) => target.namespace) },
    );
  }
  const gate = approvalGate(spec.protection, headSpec.protection);

  const { rendered, plain } = await trace.child('render', async (span) => {
    const rendered = renderPlatform(spec);
    span.setAttribute('personapass.objects', rendered.length);
    return { rendered, plain: rendered.map((object) => appliedForm(toPlain(object) as PlainObject)) };
  }, { 'personapass.revision': revision.number });
  const selected = flags.components ? plain.filter((object) => flags.components!.includes(componentOf(object))) : plain;
  // Nothing outside the environment's namespaces is ever sent, not even as a dry-run.
  const placed = selected.map((object) => ({ kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name, object }));
  const outsideTargets = new Set(objectsOutsideTargets(spec.cluster, held, placed).map(({ object }) => object));
  const isInside = (object: PlainObject) => isOwnedObject(spec, object) && !outsideTargets.has(object);
  const outside = selected.filter((object) => !isInside(object));
  const owned = selected.filter(isInside);

  const gateway = await deps.clusterGateways.forCluster(spec.cluster);
  const [checked, compared, inventory] = await Promise.all([
    trace.child('checks', () => checkRender(spec, rendered, deps.runTool)),
    trace.child('cluster comparison', () => compareWithCluster(gateway, owned, { force: flags.force, concurrency: planConcurrency }), { 'personapass.cluster': spec.cluster, 'personapass.objects': owned.length }),
    deps.plans.findInventory(environment),
  ]);
  const { deletions, kept } = await trace.child('find deletions', () => findDeletions(gateway, inventory, new Set(plain.map(objectId)), {
    environment,
    components: flags.components,
    allowDeletes: flags.allowDeletes,
    heldNamespaces: held.map((target) => target.namespace),
    concurrency: planConcurrency,
  }));
  if (flags.components && compared.length === 0 && deletions.length === 0 && outside.length === 0) {
    const known = [...new Set(plain.map(componentOf))].sort().join(', ');
    throw new InvalidInput(`no objects of ${flags.components.join(', ')} are rendered or deployed for ${environment}; its components are ${known}`, [{ path: 'components', message: 'matches no object' }]);
  }

  const checks: PlanChecks = {
    problems: [
      ...checked.problems,
      ...outside.map((object) => ({ object: objectId(object), path: 'metadata.namespace', message: `outside the namespaces ${environment} holds: never sent to the cluster`, check: 'deploy-targets' })),
      ...compared.flatMap((c) => c.problems),
    ],
    warnings: compared.flatMap((c) => c.warnings),
    ran: [...checked.ran, 'deploy-targets', 'server-dry-run'],
    skipped: checked.skipped,
  };
  const objects: PlanObjectRecord[] = [
    ...compared.map((c, seq) => ({
      seq,
      objectId: c.id,
      apiVersion: c.object.apiVersion,
      kind: c.object.kind,
      namespace: c.object.metadata.namespace ?? '',
      name: c.object.metadata.name,
      component: componentOf(c.object),
      wave: c.wave,
      action: c.action,
      desired: c.object as Record<string, unknown>,
      liveResourceVersion: c.liveResourceVersion,
      liveFingerprint: c.liveFingerprint,
      diff: c.diff,
    })),
    ...deletions.map((d, index) => ({
      seq: compared.length + index,
      objectId: d.record.objectId,
      apiVersion: d.record.apiVersion,
      kind: d.record.kind,
      namespace: d.record.namespace,
      name: d.record.name,
      component: d.component,
      wave: waveOf(d.record.kind),
      action: 'delete' as const,
      desired: null,
      liveResourceVersion: d.liveResourceVersion,
      liveFingerprint: d.liveFingerprint,
      diff: d.diff,
    })),
  ];
  const summary = summarizePlan(objects, kept);
  if (unsaved) {
    const saved = await unsaved.save({ checksPassed: checks.problems.length === 0, checks });
    head = revision = saved;
  }
  const hash = planHash({ cluster: spec.cluster, namespace: spec.namespace, revision: revision.number, flags, applies: compared.map((c) => c.object), deletions: deletions.map((d) => d.record.objectId) });
  const checksPassed = checks.problems.length === 0;
  const counts = summary.changes === 0 ? 'no changes' : `${summary.byAction.create} to create, ${summary.byAction.update} to update, ${summary.byAction.delete} to delete`;
  const notes = [!checksPassed && `${checks.problems.length} check problem(s)`, flags.force && 'forced', flags.allowDeletes && 'deletes protected kinds', flags.components && `components ${flags.components.join(', ')}`, revision !== head && `head ${head.number}`].filter(Boolean);
  return trace.child('store plan', () => deps.plans.createPlan(
    {
      id,
      environment,
      revision: revision.number,
      requestedBy: actor.userId,
      hash,
      cluster: spec.cluster,
      namespace: spec.namespace,
      flags,
      summary,
      checks,
      checksPassed,
      ...gate,
      gatedOnHead: head.number,
      objects,
    },
    auditEntry(ctx, { action: 'plan.created', targetType: 'environment', targetName: environment, summary: `plan ${id} of revision ${revision.number}: ${counts}${notes.length ? ` (${notes.join('; ')})` : ''}` }),
  ));
}
