// A component page's events from an Event watch the API server now refuses (403: the console's Role
// lacks `events`, or its RoleBinding was removed). KubeWatchCache keeps the objects it held and sets
// synced false + error: readComponentEvents must not read them as current. (Reachable, synced
// watches are covered by read-environment-health.integration.test.ts against the testbed.)
import { describe, expect, it } from 'vitest';
import type { LiveState, WatchKey, WatchStatus } from '@/lib/core/live/live-state';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { readComponentEvents } from './read-environment-health';

const refused = (key: WatchKey): WatchStatus => ({
  key,
  synced: false,
  lastEventAt: null,
  lastHeardAt: null,
  unreachableSince: null,
  error: `cluster ${key.cluster} answered 403 to Event in ${key.namespace}: events is forbidden`,
  restarts: 0,
  relists: 0,
  notServed: false,
});

const staleEvent = {
  kind: 'Event',
  metadata: { name: 'wallet-api-1.17f', namespace: 'personapass-dev', uid: 'e1', resourceVersion: '1', creationTimestamp: '2024-01-01T00:00:00Z' },
  involvedObject: { kind: 'Deployment', name: 'wallet-api' },
  type: 'Normal',
  reason: 'ScalingReplicaSet',
  message: 'Scaled up replica set wallet-api-abc to 2',
  count: 1,
  lastTimestamp: '2024-01-01T00:00:00Z',
};

const state: LiveState = {
  epoch: 'test',
  sequence: () => 0,
  statuses: () => [],
  subscribe: (key) => ({ snapshot: () => [staleEvent as never], status: () => refused(key), changesSince: () => null, close: () => {} }),
};

describe('readComponentEvents from a refused Event watch', () => {
  it('says the console may not read events instead of showing what the cache held as current', async () => {
    const spec = starterSpec('probe-dev', 'development');
    const read = readComponentEvents({ live: { state } } as never, spec, 'wallet-api', { syncWaitMs: 50 });
    await expect(read).resolves.toEqual({ events: [], problem: expect.stringMatching(/403|may not read/) });
    expect((await read).problem).toMatch(/^the console may not read Events in personapass-probe-dev \(cluster .* answered 403/);
  });
});
