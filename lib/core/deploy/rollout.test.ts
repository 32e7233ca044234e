import { describe, expect, it } from 'vitest';
import type { PlainObject } from './cluster-gateway';
import { rolloutOf } from './rollout';

const deployment = (status: Record<string, unknown>, replicas = 3, generation = 2): PlainObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'wallet-api', namespace: 'p', generation },
  spec: { replicas },
  status,
});
const pod = (name: string, status: Record<string, unknown>): PlainObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, status });
const done = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };

describe('rolloutOf', () => {
  it('is complete when the new generation is observed and every wanted replica is updated, ready and available', () => {
    expect(rolloutOf(deployment(done), [])).toEqual({ complete: true, wanted: 3, updated: 3, ready: 3, available: 3, problems: [], stalled: false, paused: false });
  });

  it('is not complete while the controller has not seen the new generation, or old pods remain', () => {
    expect(rolloutOf(deployment({ ...done, observedGeneration: 1 }), []).complete).toBe(false);
    expect(rolloutOf(deployment({ ...done, replicas: 4 }), []).complete).toBe(false);
    expect(rolloutOf(deployment({ ...done, availableReplicas: 2 }), []).complete).toBe(false);
  });

  it('names pods in CrashLoopBackOff or ImagePullBackOff, and pending pods with the scheduler’s message', () => {
    const pods = [
      pod('a', { phase: 'Running', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } } }] }),
      pod('b', { phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' } } }] }),
      pod('c', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] }),
      pod('d', { phase: 'Running', containerStatuses: [{ name: 'app', state: { running: {} } }] }),
    ];
    const status = rolloutOf(deployment({ ...done, readyReplicas: 1, availableReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }), pods);
    expect(status.stalled).toBe(true);
    expect(status.problems).toEqual([
      { pod: 'a', reason: 'CrashLoopBackOff', message: 'container app: back-off 5m0s restarting failed container' },
      { pod: 'b', reason: 'ImagePullBackOff', message: 'container app: Back-off pulling image "x"' },
      { pod: 'c', reason: 'Pending', message: '0/3 nodes are available: 3 Insufficient cpu.' },
    ]);
  });

  it('wants one replica when the Deployment names none (the API server’s default)', () => {
    const d = deployment({ observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 });
    delete (d.spec as { replicas?: number }).replicas;
    expect(rolloutOf(d, [])).toMatchObject({ complete: true, wanted: 1 });
  });

  it('wants the autoscaler’s floor when spec.replicas is below it (before the autoscaler’s first sync)', () => {
    const d = deployment({ observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 }, 1);
    expect(rolloutOf(d, [], 3)).toMatchObject({ complete: false, wanted: 3 });
    expect(rolloutOf(deployment(done), [], 2)).toMatchObject({ complete: true, wanted: 3 });
  });

  it('says a paused Deployment is paused while its rollout is incomplete', () => {
    const d = deployment({ ...done, updatedReplicas: 1 });
    (d.spec as { paused?: boolean }).paused = true;
    expect(rolloutOf(d, [])).toMatchObject({ complete: false, paused: true });
    const finished = deployment(done);
    (finished.spec as { paused?: boolean }).paused = true;
    expect(rolloutOf(finished, [])).toMatchObject({ complete: true, paused: false });
  });
});
