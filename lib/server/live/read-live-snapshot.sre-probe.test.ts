import { describe, expect, it } from 'vitest';
import { clusterReachability } from '@/lib/core/health/environment-health';
import type { LiveState, WatchKey, WatchStatus } from '@/lib/core/live/live-state';
import { readLiveSnapshot } from './read-live-snapshot';

// Review 10b (SRE) probes: a watch the API server refuses (403: the environment's grant not applied
// yet, a RoleBinding removed, a credential without cluster-wide `nodes`) as KubeWatchCache leaves it
// after the 403 change: synced false, unreachableSince null (the server answered), error set.

const forbidden = (key: WatchKey): WatchStatus => ({
  key,
  synced: false,
  lastEventAt: null,
  lastHeardAt: null,
  unreachableSince: null,
  error: `cluster ${key.cluster} answered 403 to ${key.kind} in ${key.namespace || 'all namespaces'}: nodes is forbidden: User "system:serviceaccount:personapass-system:personapass-console" cannot list resource "nodes"`,
  restarts: 0,
  relists: 0,
  notServed: false,
});
const synced = (key: WatchKey): WatchStatus => ({ ...forbidden(key), synced: true, error: null, lastHeardAt: new Date().toISOString() });

function fakeState(statusOf: (key: WatchKey) => WatchStatus): LiveState {
  return {
    epoch: 'probe',
    sequence: () => 0,
    statuses: () => [],
    subscribe: (key) => ({ snapshot: () => [], status: () => statusOf(key), changesSince: () => null, close: () => undefined }),
  };
}

describe('a refused watch (probe)', () => {
  it('readLiveSnapshot counts a 403 as settled: the best-effort Node watch refused must not add the whole wait to every health read and status page', async () => {
    const keys: WatchKey[] = [
      { cluster: 'prod', kind: 'Deployment', namespace: 'personapass-prod' },
      { cluster: 'prod', kind: 'Node', namespace: '' },
    ];
    const state = fakeState((key) => (key.kind === 'Node' ? forbidden(key) : synced(key)));
    const started = Date.now();
    await readLiveSnapshot(state, keys, 2000);
    // HEAD: ~2000 ms on every call, for as long as the 403 lasts.
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('clusterReachability does not call a namespace the console may not read "syncing" (connected now) forever, hiding the 403', () => {
    const now = new Date('2026-12-02T08:00:00Z');
    const reach = clusterReachability([synced({ cluster: 'prod', kind: 'Deployment', namespace: 'personapass-prod' }), forbidden({ cluster: 'prod', kind: 'Pod', namespace: 'personapass-prod' })], now);
    // HEAD: { state: 'syncing', since: now } — every component "Unknown: reading the cluster's state", no word of the 403.
    expect(reach.state).not.toBe('syncing');
  });
});
