import { describe, expect, it } from 'vitest';
import type { RolloutStatus } from './cluster-gateway';
import { rolloutVerdict } from './rollout-verdict';

const status = (overrides: Partial<RolloutStatus> = {}): RolloutStatus => ({ complete: false, wanted: 3, updated: 3, ready: 1, available: 1, problems: [], stalled: false, paused: false, ...overrides });

describe('rolloutVerdict', () => {
  it('is healthy only when every rollout is complete', () => {
    expect(rolloutVerdict(new Map([['a', status({ complete: true })], ['b', status({ complete: true })]]), false)).toEqual({ state: 'healthy' });
    expect(rolloutVerdict(new Map([['a', status({ complete: true })], ['b', status()]]), false)).toEqual({ state: 'waiting' });
  });

  it('fails a stalled rollout at once, and an incomplete one at the deadline, naming pods and reasons', () => {
    const crashing = status({ problems: [{ pod: 'wallet-api-7d9-x2', reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' }] });
    const pending = status({ ready: 0, available: 0, problems: [{ pod: 'identity-service-5c-q1', reason: 'Pending', message: '0/3 nodes are available: 3 Insufficient cpu.' }] });
    expect(rolloutVerdict(new Map([['wallet-api', crashing]]), false)).toEqual({ state: 'waiting' });
    const timedOut = rolloutVerdict(new Map([['wallet-api', crashing], ['identity-service', pending]]), true);
    expect(timedOut).toEqual({
      state: 'failed',
      message:
        'rollout not healthy before the timeout: wallet-api (3/3 updated, 1 ready, 1 available): pod wallet-api-7d9-x2 CrashLoopBackOff: back-off 40s restarting failed container | identity-service (3/3 updated, 0 ready, 0 available): pod identity-service-5c-q1 Pending: 0/3 nodes are available: 3 Insufficient cpu.',
    });
    const stalled = rolloutVerdict(new Map([['wallet-api', status({ stalled: true, problems: [{ pod: 'p', reason: 'ImagePullBackOff', message: '' }] })]]), false);
    expect(stalled).toMatchObject({ state: 'failed', message: expect.stringContaining('rollout stalled: wallet-api (3/3 updated, 1 ready, 1 available, progress deadline exceeded): pod p ImagePullBackOff') });
  });

  it('fails a paused rollout at once, saying it is paused', () => {
    const verdict = rolloutVerdict(new Map([['wallet-api', status({ paused: true })], ['identity-service', status()]]), false);
    expect(verdict).toEqual({
      state: 'failed',
      message: 'rollout paused: wallet-api (3/3 updated, 1 ready, 1 available, paused: spec.paused is true, resume it (kubectl rollout resume) and deploy again)',
    });
  });
});
