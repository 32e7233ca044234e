import { describe, expect, it } from 'vitest';
import type { LiveState, WatchKey, WatchStatus } from '@/lib/core/live/live-state';
import { readLiveSnapshot } from './read-live-snapshot';

// A watch the API server refuses (403: the environment's grant not applied yet, a RoleBinding
// removed, a credential without cluster-wide `nodes`) as KubeWatchCache leaves it after the 403:
// synced false, unreachableSince null (the server answered), error set.
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
const listing = (key: WatchKey): WatchStatus => ({ ...forbidden(key), error: null });

function fakeState(statusOf: (key: WatchKey) => WatchStatus): LiveState & { open: () => number } {
  let open = 0;
  return {
    epoch: 'test',
    sequence: () => 0,
    statuses: () => [],
    subscribe: (key) => {
      open += 1;
      return { snapshot: () => [], status: () => statusOf(key), changesSince: () => null, close: () => void (open -= 1) };
    },
    open: () => open,
  };
}

const deployments: WatchKey = { cluster: 'prod', kind: 'Deployment', namespace: 'personapass-prod' };
const nodes: WatchKey = { cluster: 'prod', kind: 'Node', namespace: '' };

describe('readLiveSnapshot', () => {
  it('counts a 403 as settled: a refused watch does not add the whole wait to every health read and status page', async () => {
    const state = fakeState((key) => (key.kind === 'Node' ? forbidden(key) : synced(key)));
    const started = Date.now();
    const read = await readLiveSnapshot(state, [deployments, nodes], 2000);
    expect(Date.now() - started).toBeLessThan(500);
    expect(read.map((entry) => [entry.key.kind, entry.status.error !== null])).toEqual([
      ['Deployment', false],
      ['Node', true],
    ]);
    expect(state.open()).toBe(0);
  });

  it('never waits for a best-effort watch still listing, and reads it with the others', async () => {
    const state = fakeState((key) => (key.kind === 'Node' ? listing(key) : synced(key)));
    const started = Date.now();
    const read = await readLiveSnapshot(state, [deployments], 2000, [nodes]);
    expect(Date.now() - started).toBeLessThan(500);
    expect(read.map((entry) => entry.key)).toEqual([deployments, nodes]);
    expect(state.open()).toBe(0);
  });

  it('waits up to the deadline for a watch still listing', async () => {
    const state = fakeState(listing);
    const started = Date.now();
    const [entry] = await readLiveSnapshot(state, [deployments], 300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(entry!.status.synced).toBe(false);
  });
});
