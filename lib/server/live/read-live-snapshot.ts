import type { WatchKey } from '@/lib/core/live/live-kinds';
import type { LiveState, LiveSubscription, WatchStatus } from '@/lib/core/live/live-state';
import type { LiveObject } from '@/lib/core/live/trim-live-object';

/** Listed, not served, or failed (unreachable, or refused by the API server: 401/403): nothing more to wait for. */
const settledStatus = (status: WatchStatus) => status.synced || status.notServed || status.unreachableSince !== null || status.error !== null;

/**
 * What the shared caches hold for these watches, read once: subscribes (starting any cache nobody
 * watches yet), waits at most waitMs for caches of `keys` that have not settled (listed, failed,
 * refused or not served), reads and leaves; the caches of `bestEffort` (the Node watch, for zones)
 * are read as they are, never waited for. The caches linger after their last subscriber, so a page
 * read again soon reads memory, not the API server.
 */
export async function readLiveSnapshot(
  state: LiveState,
  keys: readonly WatchKey[],
  waitMs: number,
  bestEffort: readonly WatchKey[] = [],
): Promise<Array<{ key: WatchKey; status: WatchStatus; objects: LiveObject[] }>> {
  let wake: () => void = () => {};
  const all = [...keys, ...bestEffort];
  const subscriptions: LiveSubscription[] = all.map((key) => state.subscribe(key, (change) => change.type === 'status' && wake()));
  try {
    const settled = () => subscriptions.slice(0, keys.length).every((subscription) => settledStatus(subscription.status()));
    const deadline = Date.now() + waitMs;
    while (!settled() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(100, Math.max(0, deadline - Date.now())));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return subscriptions.map((subscription, index) => ({ key: all[index]!, status: subscription.status(), objects: subscription.snapshot() }));
  } finally {
    for (const subscription of subscriptions) subscription.close();
  }
}
