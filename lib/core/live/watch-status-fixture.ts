import type { WatchStatus } from './live-state';

/** A watch's status for tests: a synced Pod watch that has heard nothing yet, with `change` over it. */
export function watchStatusFixture(change: Partial<WatchStatus> = {}): WatchStatus {
  return {
    key: { cluster: 'local', kind: 'Pod', namespace: 'personapass-dev' },
    synced: true,
    lastEventAt: null,
    lastHeardAt: null,
    unreachableSince: null,
    error: null,
    restarts: 0,
    relists: 0,
    notServed: false,
    ...change,
  };
}
