import { describe, expect, it } from 'vitest';
import { applyRunEvent, initialProgress, isFinished, waveBars, type ProgressEvent } from './run-progress';

const objects = [
  { seq: 0, objectId: 'Namespace/p', wave: 'namespaces', action: 'create', status: 'pending', message: null },
  { seq: 1, objectId: 'ConfigMap/p/a', wave: 'config', action: 'create', status: 'pending', message: null },
  { seq: 2, objectId: 'ConfigMap/p/b', wave: 'config', action: 'update', status: 'pending', message: null },
  { seq: 3, objectId: 'Deployment/p/w', wave: 'workloads', action: 'create', status: 'pending', message: null },
];
const event = (id: number, type: string, payload: Record<string, unknown> = {}): ProgressEvent => ({ id: String(id), type, payload });

describe('run progress', () => {
  it('folds events into bars per wave, object outcomes, the current step and the result', () => {
    let progress = initialProgress({ status: 'queued', error: null, objects });
    expect(progress.step).toBe('waiting for a worker');
    const events = [
      event(1, 'run.started'),
      event(2, 'wave.started', { wave: 'namespaces' }),
      event(3, 'object.applied', { seq: 0 }),
      event(4, 'wave.started', { wave: 'config' }),
      event(5, 'object.applied', { seq: 1 }),
      event(6, 'object.failed', { seq: 2, message: 'cluster local refused it' }),
    ];
    for (const e of events) progress = applyRunEvent(progress, e);
    expect(progress.step).toBe('applying config');
    expect(waveBars(progress)).toEqual([
      { wave: 'namespaces', total: 1, done: 1, failed: 0 },
      { wave: 'config', total: 2, done: 1, failed: 1 },
      { wave: 'workloads', total: 1, done: 0, failed: 0 },
    ]);
    expect(progress.objects[2]).toMatchObject({ status: 'failed', message: 'cluster local refused it' });
    expect(isFinished(progress)).toBe(false);
    progress = applyRunEvent(progress, event(7, 'run.failed', { error: 'ConfigMap/p/b: cluster local refused it' }));
    expect(progress).toMatchObject({ status: 'failed', error: 'ConfigMap/p/b: cluster local refused it', lastEventId: '7' });
    expect(isFinished(progress)).toBe(true);
  });

  it('ignores events it has seen, so a reconnect that replays them changes nothing', () => {
    let progress = initialProgress({ status: 'running', error: null, objects });
    progress = applyRunEvent(progress, event(10, 'object.applied', { seq: 0 }));
    const replayed = applyRunEvent(progress, event(9, 'object.failed', { seq: 0, message: 'old' }));
    expect(replayed).toBe(progress);
    progress = applyRunEvent(progress, event(11, 'rollout.progress', { workload: 'w', complete: false, wanted: 2, ready: 1, updated: 2, available: 1 }));
    expect(progress.rollouts.w).toEqual({ complete: false, wanted: 2, ready: 1, updated: 2, available: 1 });
  });
});
