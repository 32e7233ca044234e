import type { WatchKey } from '@/lib/core/live/live-kinds';
import type { LiveState, LiveSubscription, WatchStatus } from '@/lib/core/live/live-state';
import type { LiveObject } from '@/lib/core/live/trim-live-object';

/**
 * What the shared caches hold for these watches, read once: subscribes (starting any cache nobody
 * watches yet), waits at most waitMs for caches that have not listed yet (one that failed or whose
 * kind is not served counts as settled), reads and leaves. The caches linger after their last
 * subscriber, so a page read again soon reads memory, not the API server.
 */
export async function readLiveSnapshot(state: LiveState, keys: readonly WatchKey[], waitMs: number): Promise<Array<{ key: WatchKey; status: WatchStatus; objects: LiveObject[] }>> {
  let wake: () => void = () => {};
  const subscriptions: LiveSubscription[] = keys.map((key) => state.subscribe(key, (change) => change.type === 'status' && wake()));
  try {
    const settled = () =>
      subscriptions.every((subscription) => {
        const status = subscription.status();
        return status.synced || status.notServed || status.unreachableSince !== null;
      });
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
    return subscriptions.map((subscription, index) => ({ key: keys[index]!, status: subscription.status(), objects: subscription.snapshot() }));
  } finally {
    for (const subscription of subscriptions) subscription.close();
  }
}
