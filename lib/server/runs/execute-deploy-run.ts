import { mapWithLimit } from '@/lib/core/concurrency';
import type { RunLease, RunWork } from '@/lib/core/deploy/deploy-ports';
import { autoscaledDeployments } from '@/lib/core/deploy/replica-handover';
import { rolloutTimeoutSeconds } from '@/lib/core/deploy/rollout-timeout';
import { changesRouting, routedDeployments } from '@/lib/core/deploy/routing-gate';
import { storedPlanHash } from '@/lib/core/deploy/stored-plan-hash';
import { deletionWaves, waves } from '@/lib/core/deploy/waves';
import { requireWithinTargets } from '@/lib/core/environments/deploy-targets';
import type { AuditEntry } from '@/lib/core/ports';
import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { runEvent } from '../notifications/notification-events';
import { applyRunObject, forcedObjects, type ObjectContext, pruneRunObject, RunFailure } from './apply-run-object';
import { driftMessage, findDrift } from './find-drift';
import { outcomeRecorder } from './outcome-recorder';
import { keepLease, type LeaseKeeper, LeaseLost, leaseTiming } from './run-lease-keeper';
import { waitForRollouts } from './wait-for-rollouts';
import { consoleMetrics, recordSafely, secondsSince } from '../telemetry/metrics';
import { startRunTrace, traceIdOf } from '../telemetry/run-trace';

// A deploy run as one worker executes it: claim the run's lease, check that the plan's objects still
// hash to what its approvals bind to, check drift, apply the plan's objects wave by wave (bounded
// parallelism within a wave), prune what the plan deletes, wait for the rollouts, and end the run.
// Every outcome is recorded as it happens, fenced by the lease, so a run whose worker dies is resumed
// by another from the first object not recorded as done (server-side apply is idempotent), or ends
// as interrupted after too many attempts. Nothing ends "succeeded" without verified rollouts. A
// worker asked to stop (SIGTERM) hands the run back at the next object: it is queued again at once
// and the attempt does not count.

/** The worker is stopping: the run goes back to the queue. */
class Released extends Error {}

const doneStatuses = new Set(['applied', 'unchanged', 'pruned']);

export type RunOutcome = 'executed' | 'not-mine' | 'released';

export async function executeDeployRun(deps: Deps, runId: string, worker: string, options: { signal?: AbortSignal } = {}): Promise<RunOutcome> {
  const settings = deps.deploy;
  const lease = await deps.runs.claimRun(runId, worker, settings.leaseSeconds);
  if (!lease) return 'not-mine';
  const keeper = keepLease(deps.runs, lease, leaseTiming(settings.leaseSeconds));
  // One trace per run (its id the run's); each attempt is a root span of it, so a resumed run
  // shows every attempt side by side.
  const trace = startRunTrace('deploy run', deps.tracing, { traceId: traceIdOf(runId), attributes: { 'personapass.run_id': runId, 'personapass.attempt': lease.attempt, 'personapass.worker': worker } });
  const startedAt = process.hrtime.bigint();
  let outcome = 'failed';
  const recorder = outcomeRecorder({ recordObjects: (held, outcomes) => keeper.write(() => deps.runs.recordObjects(held, outcomes)) }, lease);
  const write = async (ok: Promise<boolean>) => {
    if (!(await ok)) throw new LeaseLost(keeper.lostReason ?? 'another attempt holds the run');
  };
  // Events keep their order: outcomes queued before are written first.
  const event = async (type: string, payload: Record<string, unknown> = {}) => {
    await write(recorder.flush());
    await write(keeper.write(() => deps.runs.appendEvent(lease, type, payload)));
  };
  const checkpoint = () => {
    if (options.signal?.aborted) throw new Released();
    keeper.assertHeld();
  };
  let work: RunWork | undefined;
  const forcedApplied: string[] = [];
  try {
    work = await deps.runs.loadWork(runId);
    trace.setAttribute('personapass.environment', work.run.environment);
    trace.setAttribute('personapass.kind', work.run.kind);
    trace.setAttribute('personapass.plan_id', work.run.planId);
    trace.setAttribute('personapass.cluster', work.run.cluster);
    const stops = lease.attempt - lease.handbacks - 1;
    if (stops >= settings.maxAttempts) {
      await finish(deps, keeper, lease, work, forcedApplied, 'interrupted', `its worker stopped ${stops} times; ended without finishing (the objects recorded as applied were applied; nothing else is claimed)`);
      outcome = 'interrupted';
      return 'executed';
    }
    const pending = work.objects.filter((object) => !doneStatuses.has(object.status));
    await event(lease.attempt === 1 ? 'run.started' : 'run.resumed', {
      objects: work.objects.length,
      done: work.objects.length - pending.length,
      ...(lease.attempt > 1 ? { from: pending[0]?.objectId ?? null } : {}),
    });
    if (lease.attempt === 1) await deps.notifier.notify(runEvent('run.started', work.run, deps.now()));
    refuseChangedPlan(work);
    // Where the environment may write now, on every attempt: a namespace it left behind may have
    // been released and taken by another environment while this run waited in the queue.
    try {
      requireWithinTargets(work.run.environment, work.run.cluster, await deps.environments.findDeployTargets(work.run.environment), pending);
    } catch (error) {
      throw new RunFailure((error as Error).message);
    }
    const gateway = await deps.clusterGateways.forCluster(work.run.cluster);

    await event('step', { step: 'drift-check' });
    // A resumed run may have applied objects of its current wave without recording them: those
    // are not drift. Later waves are untouched and still checked. A run resumed while pruning has
    // applied everything; its remaining deletions may be done but not yet recorded: not drift either.
    const resumedWave = lease.attempt > 1 ? pending[0]?.wave : undefined;
    const pruning = lease.attempt > 1 && pending.length > 0 && pending.every((object) => object.action === 'delete');
    const drifts = await trace.child('drift check', () => findDrift(gateway, pending.filter((object) => object.wave !== resumedWave && !(pruning && object.action === 'delete')), settings.applyConcurrency));
    if (drifts.length > 0) throw new RunFailure(`plan stale: ${driftMessage(drifts)}`);

    const autoscaled = autoscaledDeployments(work.objects.flatMap((object) => (object.desired ? [object.desired] : [])));
    const ctx: ObjectContext = { gateway, recorder, assertHeld: () => keeper.assertHeld(), checkpoint, forced: forcedObjects(work.plan), autoscaled, forcedApplied };
    const rollouts = { timeoutSeconds: rolloutTimeoutSeconds(settings, work.run.environment), pollMs: settings.rolloutPollMs, event, checkpoint };
    for (const wave of waves) {
      if (wave === 'rollout') {
        // No route or subset changes before the pods it may send requests to serve.
        const routed = changesRouting(pending) ? routedDeployments(work.objects) : [];
        if (routed.length > 0) await trace.child('rollout wait before routes', () => waitForRollouts(gateway, work!, autoscaled, { ...rollouts, only: routed, step: 'rollout-before-routes' }), { 'personapass.deployments': routed.length });
        continue;
      }
      const objects = pending.filter((object) => object.wave === wave && object.action !== 'delete');
      if (objects.length === 0) continue;
      await event('wave.started', { wave, objects: objects.length });
      const waveStarted = process.hrtime.bigint();
      await trace.child(`wave ${wave}`, () => mapWithLimit(objects, settings.applyConcurrency, (object) => applyRunObject(ctx, object)), { 'personapass.wave': wave, 'personapass.objects': objects.length });
      recordSafely(() => consoleMetrics().waveDuration.observe({ environment: work!.run.environment, wave }, secondsSince(waveStarted)));
      await event('wave.finished', { wave });
    }
    const deletions = deletionWaves.flatMap((wave) => pending.filter((object) => object.wave === wave && object.action === 'delete'));
    if (deletions.length > 0) {
      await event('step', { step: 'prune', objects: deletions.length });
      // Dependents first: one at a time, in reverse wave order.
      await trace.child('prune', async () => {
        for (const object of deletions) await pruneRunObject(ctx, object);
      }, { 'personapass.objects': deletions.length });
    }
    await trace.child('rollout wait', () => waitForRollouts(gateway, work!, autoscaled, rollouts));
    await write(recorder.flush());
    await finish(deps, keeper, lease, work, forcedApplied, 'succeeded');
    outcome = 'succeeded';
  } catch (error) {
    if (error instanceof Released) {
      outcome = 'released';
      await handBack(deps, keeper, lease, recorder);
      return 'released';
    }
    if (error instanceof LeaseLost || keeper.lostReason) {
      outcome = 'lease-lost';
      logger.warn('deploy run lease lost; another worker may take it over', { runId, worker, attempt: lease.attempt, reason: keeper.lostReason ?? (error as Error).message });
      return 'executed';
    }
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof RunFailure) && !('code' in (error as object))) logger.error('deploy run failed unexpectedly', { runId, error: message });
    await recorder.flush().catch(() => false);
    await finish(deps, keeper, lease, work, forcedApplied, 'failed', message).catch((finishError: Error) => logger.error('could not end deploy run', { runId, error: finishError.message }));
  } finally {
    keeper.stop();
    const environment = work?.run.environment ?? 'unknown';
    recordSafely(() => {
      const metrics = consoleMetrics();
      metrics.runDuration.observe({ environment, outcome }, secondsSince(startedAt));
      metrics.runOutcomes.inc({ environment, outcome });
    });
    trace.setAttribute('personapass.outcome', outcome);
    await trace.end(outcome === 'failed' || outcome === 'interrupted' ? 'error' : 'ok', outcome);
  }
  return 'executed';
}


/**
 * Approvals bind to the plan's stored hash; the objects about to be applied are the rows loaded now.
 * Recomputed from those rows, the hash must still be the approved one: a row changed since (by
 * anyone with the database's credentials) is never applied.
 */
function refuseChangedPlan(work: RunWork): void {
  const recomputed = storedPlanHash(
    { cluster: work.run.cluster, namespace: work.plan.namespace, revision: work.run.revisionNumber, flags: work.plan.flags },
    work.objects.map((object) => ({ objectId: object.objectId, action: object.action, desired: object.desired })),
  );
  if (recomputed !== work.run.planHash) {
    throw new RunFailure(
      `plan ${work.run.planId} was changed after it was made: its stored objects hash to ${recomputed.slice(0, 12)}…, not the ${work.run.planHash.slice(0, 12)}… its approvals bind to; nothing was applied, make a new plan`,
    );
  }
}

/** The worker is stopping: what it did is recorded, and the run is queued again without counting the attempt. */
async function handBack(deps: Deps, keeper: LeaseKeeper, lease: RunLease, recorder: ReturnType<typeof outcomeRecorder>): Promise<void> {
  try {
    if (!(await recorder.flush())) return;
    const released = await keeper.write(() => deps.runs.releaseRun(lease, 'its worker is stopping'));
    logger.info(released ? 'deploy run handed back to the queue' : 'deploy run not handed back: the lease was lost', { runId: lease.runId, worker: lease.worker, attempt: lease.attempt });
  } catch (error) {
    // Not handed back: the lease lapses and another worker resumes it (counting the attempt).
    logger.warn('could not hand the deploy run back', { runId: lease.runId, error: (error as Error).message });
  }
}

async function finish(
  deps: Deps,
  keeper: LeaseKeeper,
  lease: RunLease,
  work: RunWork | undefined,
  forcedApplied: string[],
  status: 'succeeded' | 'failed' | 'interrupted',
  error?: string,
): Promise<void> {
  const environment = work?.run.environment ?? 'unknown';
  // Every object whose fields the run took from other managers, by this attempt or an earlier one.
  const forced = work ? [...new Set([...work.objects.filter((o) => o.status === 'applied' && forcedObjects(work.plan).has(o.objectId)).map((o) => o.objectId), ...forcedApplied])] : [];
  const forcedNote = forced.length > 0 ? `; applied with force, taking fields other managers owned: ${forced.map((id) => `${id} (${forcedObjects(work!.plan).get(id)!.join('; ')})`).join(', ')}` : '';
  const audit: AuditEntry = {
    actor: null,
    action: `run.${status}`,
    targetType: 'environment',
    targetName: environment,
    requestId: randomUUID(),
    summary: `deploy run ${lease.runId} of plan ${work?.run.planId ?? '?'} (revision ${work?.run.revisionNumber ?? '?'}, requested by ${work?.run.requester.email ?? '?'}) ${status} on ${work?.run.cluster ?? '?'} by worker ${lease.worker}, attempt ${lease.attempt}${error ? `: ${error}` : ''}${forcedNote}`,
  };
  const ended = await keeper.write(() => deps.runs.finishRun(lease, { status, error }, audit));
  // Interrupted is a failure to whoever listens: the deploy did not happen as planned.
  if (ended && work) await deps.notifier.notify(runEvent(status === 'succeeded' ? 'run.succeeded' : 'run.failed', work.run, deps.now(), error));
}
