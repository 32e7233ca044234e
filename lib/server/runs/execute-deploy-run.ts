import { mapWithLimit } from '@/lib/core/concurrency';
import type { ClusterGateway, ObjectRef, RolloutStatus } from '@/lib/core/deploy/cluster-gateway';
import type { RunLease, RunWork } from '@/lib/core/deploy/deploy-ports';
import { rolloutVerdict } from '@/lib/core/deploy/rollout-verdict';
import { deletionWaves, waves } from '@/lib/core/deploy/waves';
import type { AuditEntry } from '@/lib/core/ports';
import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { driftMessage, findDrift } from './find-drift';
import { outcomeRecorder } from './outcome-recorder';

// A deploy run as one worker executes it: claim the run's lease, check drift, apply the plan's
// objects wave by wave (bounded parallelism within a wave), prune what the plan deletes, wait for
// the rollouts, and end the run. Every outcome is recorded as it happens, fenced by the lease, so a
// run whose worker dies is resumed by another from the first object not recorded as done (server-
// side apply is idempotent), or ends as interrupted after too many attempts. Nothing ends
// "succeeded" without verified rollouts.

type Object = RunWork['objects'][number];
type Recorder = ReturnType<typeof outcomeRecorder>;

class LeaseLost extends Error {}
class RunFailure extends Error {}

const refOf = (object: Object): ObjectRef => ({ apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace || undefined, name: object.name });
const doneStatuses = new Set(['applied', 'unchanged', 'pruned']);

export async function executeDeployRun(deps: Deps, runId: string, worker: string): Promise<'executed' | 'not-mine'> {
  const settings = deps.deploy;
  const lease = await deps.runs.claimRun(runId, worker, settings.leaseSeconds);
  if (!lease) return 'not-mine';
  const keeper = keepLease(deps, lease, settings.leaseSeconds);
  const write = async (ok: Promise<boolean>) => {
    if (!(await ok) || keeper.lost) throw new LeaseLost();
  };
  const recorder = outcomeRecorder(deps.runs, lease);
  // Events keep their order: outcomes queued before are written first.
  const event = async (type: string, payload: Record<string, unknown> = {}) => {
    await write(recorder.flush());
    await write(deps.runs.appendEvent(lease, type, payload));
  };
  let work: RunWork | undefined;
  try {
    work = await deps.runs.loadWork(runId);
    if (lease.attempt > settings.maxAttempts) {
      await finish(deps, lease, work, 'interrupted', `its worker stopped ${lease.attempt - 1} times; ended without finishing (the objects recorded as applied were applied; nothing else is claimed)`);
      return 'executed';
    }
    const pending = work.objects.filter((object) => !doneStatuses.has(object.status));
    await event(lease.attempt === 1 ? 'run.started' : 'run.resumed', {
      objects: work.objects.length,
      done: work.objects.length - pending.length,
      ...(lease.attempt > 1 ? { from: pending[0]?.objectId ?? null } : {}),
    });
    const gateway = await deps.clusterGateways.forCluster(work.run.cluster);

    await event('step', { step: 'drift-check' });
    // A resumed run may have applied objects of its current wave without recording them: those
    // are not drift. Later waves are untouched and still checked.
    const resumedWave = lease.attempt > 1 ? pending[0]?.wave : undefined;
    const drifts = await findDrift(gateway, pending.filter((object) => object.wave !== resumedWave), settings.applyConcurrency);
    if (drifts.length > 0) throw new RunFailure(`plan stale: ${driftMessage(drifts)}`);

    for (const wave of waves) {
      const objects = pending.filter((object) => object.wave === wave && object.action !== 'delete');
      if (objects.length === 0) continue;
      await event('wave.started', { wave, objects: objects.length });
      await mapWithLimit(objects, settings.applyConcurrency, (object) => applyOne(gateway, recorder, object, keeper));
      await event('wave.finished', { wave });
    }
    const deletions = deletionWaves.flatMap((wave) => pending.filter((object) => object.wave === wave && object.action === 'delete'));
    if (deletions.length > 0) {
      await event('step', { step: 'prune', objects: deletions.length });
      // Dependents first: one at a time, in reverse wave order.
      for (const object of deletions) await pruneOne(gateway, recorder, object, keeper);
    }
    await waitForRollouts(deps, gateway, lease, work, event, keeper);
    await write(recorder.flush());
    await finish(deps, lease, work, 'succeeded');
  } catch (error) {
    if (error instanceof LeaseLost || keeper.lost) {
      logger.warn('deploy run lease lost; another worker has it', { runId, worker, attempt: lease.attempt });
      return 'executed';
    }
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof RunFailure) && !('code' in (error as object))) logger.error('deploy run failed unexpectedly', { runId, error: message });
    await recorder.flush().catch(() => false);
    await finish(deps, lease, work, 'failed', message).catch((finishError: Error) => logger.error('could not end deploy run', { runId, error: finishError.message }));
  } finally {
    keeper.stop();
  }
  return 'executed';
}

async function applyOne(gateway: ClusterGateway, recorder: Recorder, object: Object, keeper: Keeper): Promise<void> {
  if (keeper.lost || !recorder.held) throw new LeaseLost();
  const payload = { seq: object.seq, objectId: object.objectId, wave: object.wave, action: object.action };
  if (object.action === 'unchanged' || !object.desired) {
    // The drift check saw it as planned: applying it again would change nothing.
    recorder.record({ seq: object.seq, status: 'unchanged', event: { type: 'object.unchanged', payload } });
    return;
  }
  try {
    const applied = await gateway.apply(object.desired, { force: false });
    const resourceVersion = (applied.metadata.resourceVersion as string | undefined) ?? null;
    recorder.record({ seq: object.seq, status: 'applied', resourceVersion, event: { type: 'object.applied', payload } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    recorder.record({ seq: object.seq, status: 'failed', message, event: { type: 'object.failed', payload: { ...payload, message } } });
    throw new RunFailure(`${object.objectId}: ${message}`);
  }
}

async function pruneOne(gateway: ClusterGateway, recorder: Recorder, object: Object, keeper: Keeper): Promise<void> {
  if (keeper.lost || !recorder.held) throw new LeaseLost();
  const payload = { seq: object.seq, objectId: object.objectId, wave: object.wave, action: object.action };
  let result: 'deleted' | 'absent';
  try {
    result = await gateway.delete(refOf(object));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    recorder.record({ seq: object.seq, status: 'failed', message, event: { type: 'object.failed', payload: { ...payload, message } } });
    throw new RunFailure(`${object.objectId}: ${message}`);
  }
  recorder.record({ seq: object.seq, status: 'pruned', message: result === 'absent' ? 'already gone' : undefined, event: { type: 'object.pruned', payload } });
}

async function waitForRollouts(deps: Deps, gateway: ClusterGateway, lease: RunLease, work: RunWork, event: (type: string, payload?: Record<string, unknown>) => Promise<void>, keeper: Keeper): Promise<void> {
  const workloads = work.objects.filter((object) => object.kind === 'Deployment' && object.action !== 'delete');
  await event('step', { step: 'rollout', workloads: workloads.map((object) => object.name) });
  const deadline = Date.now() + deps.deploy.rolloutTimeoutSeconds * 1000;
  const last = new Map<string, string>();
  for (;;) {
    if (keeper.lost) throw new LeaseLost();
    const statuses = new Map<string, RolloutStatus>();
    for (const object of workloads) {
      const status = await gateway.rolloutStatus(refOf(object));
      statuses.set(object.name, status);
      const summary = JSON.stringify([status.complete, status.updated, status.ready, status.available, status.problems.length]);
      if (last.get(object.name) !== summary) {
        last.set(object.name, summary);
        await event('rollout.progress', { workload: object.name, ...status });
      }
    }
    const verdict = rolloutVerdict(statuses, Date.now() >= deadline);
    if (verdict.state === 'healthy') return;
    if (verdict.state === 'failed') throw new RunFailure(verdict.message);
    await new Promise((resolve) => setTimeout(resolve, deps.deploy.rolloutPollMs));
  }
}

async function finish(deps: Deps, lease: RunLease, work: RunWork | undefined, status: 'succeeded' | 'failed' | 'interrupted', error?: string): Promise<void> {
  const environment = work?.run.environment ?? 'unknown';
  const audit: AuditEntry = {
    actor: null,
    action: `run.${status}`,
    targetType: 'environment',
    targetName: environment,
    requestId: randomUUID(),
    summary: `deploy run ${lease.runId} of plan ${work?.run.planId ?? '?'} (revision ${work?.run.revisionNumber ?? '?'}, requested by ${work?.run.requester.email ?? '?'}) ${status} on ${work?.run.cluster ?? '?'} by worker ${lease.worker}, attempt ${lease.attempt}${error ? `: ${error}` : ''}`,
  };
  await deps.runs.finishRun(lease, { status, error }, audit);
}

type Keeper = { readonly lost: boolean; stop(): void };

/** Renews the lease a few times per lease period; notes when it was lost (another attempt took over). */
function keepLease(deps: Deps, lease: RunLease, leaseSeconds: number): Keeper {
  const state = { lost: false };
  const timer = setInterval(() => {
    deps.runs.renewLease(lease).then(
      (held) => {
        if (!held) state.lost = true;
      },
      () => undefined, // the database is away: the next renewal or write decides
    );
  }, Math.max(500, (leaseSeconds * 1000) / 3));
  return {
    get lost() {
      return state.lost;
    },
    stop: () => clearInterval(timer),
  };
}
