// The shared live state of every cluster: one KubeWatchCache per (cluster, kind, namespace),
// started by its first subscriber and stopped `lingerMs` after its last leaves (a page reload
// does not restart it), and one transport per cluster, rebuilt when the cluster's stored
// connection changes. Subscribing never waits on a cluster: a viewer gets the cache as it is and
// its changes as they come, so an unreachable cluster slows nobody else.
import { randomUUID } from 'node:crypto';
import type { ClusterConnection } from '@/lib/core/clusters/connection-test';
import { watchKeyString, type WatchKey } from '@/lib/core/live/live-kinds';
import type { LiveChange, LiveState, LiveSubscription, WatchStatus } from '@/lib/core/live/live-state';
import { defaultWatchCacheOptions, KubeWatchCache, type WatchCacheOptions, type WatchLogger } from './kube-watch-cache';
import { KubeWatchTransport, type WatchRequestObserver } from './kube-watch-transport';

export type WatchCachesOptions = {
  /** How long a cache keeps watching after its last subscriber left. */
  lingerMs: number;
  /** Deadline of a list page and of a watch's answer headers. */
  requestTimeoutMs: number;
  cache: WatchCacheOptions;
  /** Sees every list and watch request sent (metrics, tests). */
  observe?: WatchRequestObserver;
  /** Hears each cache back off, re-list or find its kind not served. */
  logger?: WatchLogger;
};

export const defaultWatchCachesOptions: WatchCachesOptions = { lingerMs: 60_000, requestTimeoutMs: 15_000, cache: defaultWatchCacheOptions };

/** A cluster's connection and a fingerprint that changes when its stored address or credential does. */
export type ClusterConnectionSource = (cluster: string) => Promise<{ connection: ClusterConnection; fingerprint: string }>;

export class KubeWatchCaches implements LiveState {
  private readonly caches = new Map<string, { cache: KubeWatchCache; subscribers: number; stopTimer?: ReturnType<typeof setTimeout> }>();
  private readonly transports = new Map<string, { fingerprint: string; transport: KubeWatchTransport }>();
  private readonly options: WatchCachesOptions;
  private seq = 0;
  readonly epoch = randomUUID().slice(0, 8);

  constructor(
    private readonly connectionFor: ClusterConnectionSource,
    options: Partial<WatchCachesOptions> = {},
  ) {
    this.options = { ...defaultWatchCachesOptions, ...options, cache: { ...defaultWatchCacheOptions, ...options.cache, logger: options.logger ?? options.cache?.logger } };
  }

  subscribe(key: WatchKey, onChange: (change: LiveChange) => void): LiveSubscription {
    const id = watchKeyString(key);
    let entry = this.caches.get(id);
    if (!entry) {
      entry = { cache: new KubeWatchCache(key, () => this.transportFor(key.cluster), () => ++this.seq, this.options.cache), subscribers: 0 };
      this.caches.set(id, entry);
      entry.cache.start();
    }
    clearTimeout(entry.stopTimer);
    entry.subscribers++;
    const stopListening = entry.cache.listen(onChange);
    const held = entry;
    let open = true;
    return {
      snapshot: () => held.cache.snapshot(),
      status: () => held.cache.status(),
      changesSince: (seq) => held.cache.changesSince(seq),
      close: () => {
        if (!open) return;
        open = false;
        stopListening();
        if (--held.subscribers > 0) return;
        held.stopTimer = setTimeout(() => {
          held.cache.stop();
          if (this.caches.get(id) === held) this.caches.delete(id);
        }, this.options.lingerMs);
        held.stopTimer.unref?.();
      },
    };
  }

  sequence(): number {
    return this.seq;
  }

  statuses(): WatchStatus[] {
    return [...this.caches.values()].map((entry) => entry.cache.status());
  }

  /** How many caches run now (each one list-and-watch). */
  get size(): number {
    return this.caches.size;
  }

  async close(): Promise<void> {
    for (const entry of this.caches.values()) {
      clearTimeout(entry.stopTimer);
      entry.cache.stop();
    }
    this.caches.clear();
    await Promise.all([...this.transports.values()].map((held) => held.transport.close()));
    this.transports.clear();
  }

  private async transportFor(cluster: string): Promise<KubeWatchTransport> {
    const { connection, fingerprint } = await this.connectionFor(cluster);
    const held = this.transports.get(cluster);
    if (held?.fingerprint === fingerprint) return held.transport;
    const transport = new KubeWatchTransport(connection, { requestTimeoutMs: this.options.requestTimeoutMs, observe: this.options.observe });
    this.transports.set(cluster, { fingerprint, transport });
    // Watches on the old connection end at their next restart; the old pool is then idle.
    if (held) setTimeout(() => void held.transport.close(), this.options.cache.watchTimeoutSeconds * 1000).unref?.();
    return transport;
  }
}
