import { describe, expect, it } from 'vitest';
import { describeProvisioning } from './provisioning';

const now = new Date('2026-12-02T00:00:00Z');
const inMinutes = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('describeProvisioning', () => {
  it('says what a starting cluster is doing and how long it should take', () => {
    expect(describeProvisioning({ name: 'local', state: 'building', detail: 'building Kubernetes', readyBy: inMinutes(6.5) }, now)).toBe(
      'cluster local is starting (building Kubernetes, about 7 min left)',
    );
    expect(describeProvisioning({ name: 'local', state: 'starting', detail: 'starting the API server', readyBy: inMinutes(-2) }, now)).toBe(
      'cluster local is starting (starting the API server, about a minute left)',
    );
    expect(describeProvisioning({ name: 'local', state: 'starting', detail: 'starting', readyBy: null }, now)).toBe('cluster local is starting (starting)');
  });

  it('says when it could not be started', () => {
    expect(describeProvisioning({ name: 'local', state: 'failed', detail: 'see ~/.cache/personapass/stack/logs', readyBy: null }, now)).toBe(
      'cluster local could not be started (see ~/.cache/personapass/stack/logs)',
    );
  });
});
