import { isTerminalRunStatus, type WorkerPresence } from './run-contract';
import { waves, type Wave } from './waves';

// What the run page shows, folded from a run's objects and its events as they stream in: a bar per
// wave (done of total, failures), each object's outcome, the current step and whether the run has
// ended. Pure, so the page and its test share it; events already seen (by id) are ignored, so a
// reconnect that replays some is harmless.

export type ProgressObject = { seq: number; objectId: string; wave: string; action: string; status: string; message: string | null };
export type ProgressEvent = { id: string; type: string; payload: Record<string, unknown> };

export type RunProgress = {
  status: string;
  step: string;
  error: string | null;
  lastEventId: string | null;
  objects: ProgressObject[];
  rollouts: Record<string, { complete: boolean; wanted: number; ready: number; updated: number; available: number }>;
};

export type WaveBar = { wave: Wave; total: number; done: number; failed: number };

const stepLabels: Record<string, string> = {
  'drift-check': 'checking the cluster for changes since the plan',
  prune: 'removing what the plan deletes',
  rollout: 'waiting for rollouts to become healthy',
  'rollout-before-routes': 'waiting for the rollouts traffic will be routed to, before changing the routes',
};

export function initialProgress(run: { status: string; error: string | null; objects: ProgressObject[]; workers?: WorkerPresence }): RunProgress {
  return { status: run.status, step: run.status === 'queued' ? waitingStep(run.workers) : run.status, error: run.error, lastEventId: null, objects: run.objects, rollouts: {} };
}

/** What a queued run is waiting for: a worker, and whether one is alive to take it. */
export function waitingStep(workers?: WorkerPresence): string {
  if (!workers || workers.alive) return 'waiting for a worker';
  if (!workers.lastSeenAt) return 'waiting for a worker (none has run yet: start one with npm run worker, or cancel the run)';
  return `waiting for a worker (none seen since ${workers.lastSeenAt.slice(0, 19).replace('T', ' ')} UTC; start one, or cancel the run)`;
}

export function applyRunEvent(progress: RunProgress, event: ProgressEvent): RunProgress {
  if (progress.lastEventId !== null && BigInt(event.id) <= BigInt(progress.lastEventId)) return progress;
  const next: RunProgress = { ...progress, lastEventId: event.id };
  const payload = event.payload;
  switch (event.type) {
    case 'run.started':
    case 'run.resumed':
      return { ...next, status: 'running', step: event.type === 'run.resumed' ? 'resumed by another worker' : 'started' };
    case 'wave.started':
      return { ...next, step: `applying ${String(payload.wave)}` };
    case 'step':
      return { ...next, step: stepLabels[String(payload.step)] ?? String(payload.step) };
    case 'object.applied':
    case 'object.unchanged':
    case 'object.pruned':
    case 'object.failed': {
      const status = event.type.slice('object.'.length);
      const objects = next.objects.map((object) => (object.seq === payload.seq ? { ...object, status, message: (payload.message as string | undefined) ?? null } : object));
      return { ...next, objects };
    }
    case 'rollout.progress': {
      const { workload, complete, wanted, ready, updated, available } = payload as { workload: string; complete: boolean; wanted: number; ready: number; updated: number; available: number };
      return { ...next, rollouts: { ...next.rollouts, [workload]: { complete, wanted, ready, updated, available } } };
    }
    case 'run.released':
      return { ...next, status: 'queued', step: 'handed back by a stopping worker: waiting for the next one' };
    case 'run.succeeded':
    case 'run.failed':
    case 'run.interrupted':
    case 'run.cancelled':
      return { ...next, status: event.type.slice('run.'.length), step: event.type.slice('run.'.length), error: (payload.error as string | null) ?? null };
    default:
      return next;
  }
}

export function waveBars(progress: RunProgress): WaveBar[] {
  return waves.flatMap((wave) => {
    const objects = progress.objects.filter((object) => object.wave === wave);
    if (objects.length === 0) return [];
    return [{ wave, total: objects.length, done: objects.filter((o) => o.status !== 'pending' && o.status !== 'failed').length, failed: objects.filter((o) => o.status === 'failed').length }];
  });
}

export const isFinished = (progress: RunProgress) => isTerminalRunStatus(progress.status);
