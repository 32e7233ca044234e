// One list-and-watch of one kind in one namespace of one cluster, shared by every subscriber.
// Our own loop on the API server's watch protocol rather than client-node's makeInformer (see
// ARCHITECTURE.md, "Live state"): it pages the initial list (limit/continue), follows with
// allowWatchBookmarks, re-lists on 410 Gone and on any ERROR event, restarts a watch that stays
// silent past a deadline, keeps only trimmed objects, and reports its status.
import { liveResources, type LiveKind, type LiveResource, type WatchKey } from '@/lib/core/live/live-kinds';
import type { LiveChange, WatchStatus } from '@/lib/core/live/live-state';
import { observeLiveObject, trimLiveObject, type LiveObject } from '@/lib/core/live/trim-live-object';
import { backoffDelay, type BackoffOptions } from '@/lib/core/retry-backoff';
import { rootCause } from './kube-errors';
import type { KubeAnswer } from './kube-http';
import type { KubeWatchTransport } from './kube-watch-transport';

/** Where a cache says that it backs off or re-lists (lib/server/logger in the app). Facts only: no credentials. */
export type WatchLogger = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
};

export type WatchCacheOptions = {
  /** Objects per page of the initial list. */
  pageSize: number;
  /** A watch with no event or bookmark for this long is presumed dead and restarted. */
  silenceMs: number;
  /** The server ends each watch after this long (it is then resumed from the last resourceVersion). */
  watchTimeoutSeconds: number;
  /**
   * A watch the server ends sooner than this without a single event or bookmark is a failure
   * (backed off like one), not a normal end: else a server or proxy that closes every watch at
   * once would have it re-opened in a tight loop (client-go's reflector does the same, at 1 s).
   */
  minWatchMs: number;
  backoff: BackoffOptions;
  /** How long a kind the cluster does not serve (404) waits before it is asked for again (a CRD installed later). */
  notServedRecheckMs: number;
  /** Recent changes kept for resuming streams (Last-Event-ID). */
  recentChanges: number;
  logger?: WatchLogger;
  /** Tests: where a kind is served instead of liveResources (a made-up API group). */
  resources?: Partial<Record<LiveKind, LiveResource>>;
  /** Tests: begin as if an earlier watch had ended at this resourceVersion (no initial list). */
  resumeFrom?: string;
  now: () => Date;
};

export const defaultWatchCacheOptions: WatchCacheOptions = {
  pageSize: 500,
  // The API server sends a bookmark about once a minute on a quiet watch.
  silenceMs: 90_000,
  watchTimeoutSeconds: 300,
  minWatchMs: 1_000,
  recentChanges: 1_000,
  backoff: { initialMs: 500, maxMs: 30_000, factor: 2 },
  notServedRecheckMs: 600_000,
  now: () => new Date(),
};

/** What we hold may have missed events (410 Gone, an expired continue token, an ERROR event): list again. */
class WatchGone extends Error {}
/** The server ended a watch before `minWatchMs` without sending anything. */
class ShortWatch extends Error {}

export class KubeWatchCache {
  private readonly objects = new Map<string, LiveObject>();
  private readonly listeners = new Set<(change: LiveChange) => void>();
  private resourceVersion = '';
  private running: AbortController | null = null;
  private state: WatchStatus;
  private lists: number;
  private recent: LiveChange[] = [];
  /** The last failure was a watch the server ended at once without an event. */
  private shortWatches = false;
  /** The sequence number before this cache's first change: it cannot replay anything before it. */
  private readonly firstSeq: number;

  constructor(
    readonly key: WatchKey,
    private readonly transport: () => Promise<KubeWatchTransport>,
    private readonly nextSeq: () => number,
    private readonly options: WatchCacheOptions = defaultWatchCacheOptions,
  ) {
    this.firstSeq = nextSeq();
    this.state = { key, synced: false, lastEventAt: null, lastHeardAt: null, unreachableSince: null, error: null, restarts: 0, relists: 0, notServed: false };
    this.resourceVersion = options.resumeFrom ?? '';
    // Resuming counts as having listed before: the list a 410 then forces is a re-list.
    this.lists = options.resumeFrom ? 1 : 0;
  }

  listen(listener: (change: LiveChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): LiveObject[] {
    return [...this.objects.values()];
  }

  status(): WatchStatus {
    return { ...this.state };
  }

  changesSince(seq: number): LiveChange[] | null {
    if (seq < this.firstSeq) return null;
    const oldest = this.recent[0]?.seq;
    if (oldest !== undefined && oldest > seq + 1 && this.recent.length >= this.options.recentChanges) return null;
    return this.recent.filter((change) => change.seq > seq);
  }

  start(): void {
    if (this.running) return;
    const controller = new AbortController();
    this.running = controller;
    void this.loop(controller.signal);
  }

  stop(): void {
    this.running?.abort();
    this.running = null;
  }

  private async loop(stopped: AbortSignal): Promise<void> {
    let failures = 0;
    while (!stopped.aborted) {
      try {
        const transport = await this.transport();
        if (!this.resourceVersion) await this.relist(transport, stopped);
        // The back-off is reset by a watch that lived (not by a list alone: a list that succeeds
        // followed by a watch that fails at once must still back off further each time).
        if (await this.watch(transport, stopped)) failures = 0;
      } catch (error) {
        if (stopped.aborted) return;
        if (error instanceof WatchGone) {
          this.options.logger?.info('live watch cache re-lists', { ...this.where(), reason: error.message });
          this.resourceVersion = '';
          continue;
        }
        if ((error as { healthy?: boolean }).healthy) failures = 0;
        if ((error as { status?: number }).status === 404) {
          // Not an outage and not worth a retry loop: the kind is not served (its CRD is absent or was removed).
          this.notServed();
          this.options.logger?.info('live watch cache: kind not served', { ...this.where(), retryInMs: this.options.notServedRecheckMs });
          await sleep(this.options.notServedRecheckMs, stopped);
          continue;
        }
        this.failed(error);
        const delay = backoffDelay(failures++, this.options.backoff);
        this.options.logger?.warn('live watch cache backs off', { ...this.where(), error: this.state.error, failures, retryInMs: delay });
        await sleep(delay, stopped);
      }
    }
  }

  /** Lists page by page into a fresh map, then tells subscribers what differs from what they had. */
  private async relist(transport: KubeWatchTransport, stopped: AbortSignal): Promise<void> {
    const fresh = new Map<string, LiveObject>();
    let continueToken: string | undefined;
    let listVersion = '';
    do {
      const query: Record<string, string> = { limit: String(this.options.pageSize) };
      if (continueToken) query.continue = continueToken;
      const answer = await transport.list(this.path(), query, stopped);
      // 410 on a page: the continue token expired (etcd compacted); list again from the start.
      if (answer.status === 410) throw new WatchGone('410 Gone on a list page: the continue token expired');
      this.require(answer);
      for (const item of (answer.body?.items ?? []) as Array<Record<string, unknown>>) {
        const object = trimLiveObject(this.key.kind, item);
        fresh.set(objectKey(object), observeLiveObject(this.objects.get(objectKey(object)), object, this.options.now()));
      }
      continueToken = answer.body?.metadata?.continue || undefined;
      listVersion = answer.body?.metadata?.resourceVersion ?? listVersion;
    } while (continueToken);

    for (const [id, old] of this.objects) if (!fresh.has(id)) this.emit({ type: 'delete', key: this.key, object: old });
    for (const [id, object] of fresh) if (this.objects.get(id)?.metadata.resourceVersion !== object.metadata.resourceVersion) this.emit({ type: 'upsert', key: this.key, object });
    this.objects.clear();
    for (const [id, object] of fresh) this.objects.set(id, object);
    this.resourceVersion = listVersion;
    if (this.lists++ > 0) this.state.relists++;
    this.setState({ synced: true, lastHeardAt: this.options.now().toISOString(), unreachableSince: null, error: null, notServed: false });
  }

  /**
   * Follows from resourceVersion until the server ends the watch, it goes silent, or it says Gone.
   * Returns (or marks what it throws with) whether the watch was healthy: it heard something or
   * lived at least `minWatchMs`.
   */
  private async watch(transport: KubeWatchTransport, stopped: AbortSignal): Promise<boolean> {
    const openedAt = Date.now();
    let events = 0;
    const healthy = () => events > 0 || Date.now() - openedAt >= this.options.minWatchMs;
    const watchAbort = new AbortController();
    const signal = AbortSignal.any([stopped, watchAbort.signal]);
    let silent = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const heard = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        silent = true;
        watchAbort.abort();
      }, this.options.silenceMs);
    };
    heard();
    let gone: string | null = null;
    try {
      const query = { resourceVersion: this.resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds: String(this.options.watchTimeoutSeconds) };
      const refused = await transport.watch(
        this.path(),
        query,
        signal,
        (event) => {
          if (events++ === 0) this.reached('event');
          heard();
          // Mutated, not announced: a bookmark is no change a viewer needs, only the lag metric reads it.
          this.state.lastHeardAt = this.options.now().toISOString();
          if (gone) return;
          gone = this.apply(event);
          if (gone) watchAbort.abort();
        },
        () => this.reached('200'),
      );
      if (refused?.status === 410) gone = '410 Gone on the watch';
      else if (refused) this.require(refused);
    } catch (error) {
      if (!silent && !gone) throw Object.assign(error as Error, { healthy: healthy() });
    } finally {
      clearTimeout(timer);
    }
    if (gone) throw new WatchGone(gone);
    if (silent) {
      this.setState({ restarts: this.state.restarts + 1 });
      return true;
    }
    if (!healthy()) throw new ShortWatch(`cluster ${this.key.cluster} ended the ${this.key.kind} watch in ${this.key.namespace || 'all namespaces'} after ${Date.now() - openedAt} ms without an event`);
    // A watch that lived (even a quiet one) proves the cluster answers.
    this.reached('event');
    return true;
  }

  /**
   * The server answered a watch (200, or its first event or bookmark): the cluster is reachable
   * again now, not when this watch ends (up to `watchTimeoutSeconds` later). A watch resumed from
   * the same resourceVersion after a dropped connection needs no re-list, so nothing else clears it.
   * After short watches, a 200 proves nothing (each of them answered 200): only an event does.
   */
  private reached(by: '200' | 'event'): void {
    if (by === '200' && this.shortWatches) return;
    this.shortWatches = false;
    if (this.state.error || this.state.unreachableSince) this.setState({ error: null, unreachableSince: null });
  }

  /** Applies one watch event; returns why the watch must re-list, or null. */
  private apply(event: { type: string; object: Record<string, unknown> }): string | null {
    const version = String((event.object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? '');
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const trimmed = trimLiveObject(this.key.kind, event.object);
        const object = observeLiveObject(this.objects.get(objectKey(trimmed)), trimmed, this.options.now());
        this.objects.set(objectKey(object), object);
        this.resourceVersion = version;
        this.state.lastEventAt = this.options.now().toISOString();
        this.emit({ type: 'upsert', key: this.key, object });
        return null;
      }
      case 'DELETED': {
        const object = trimLiveObject(this.key.kind, event.object);
        this.objects.delete(objectKey(object));
        this.resourceVersion = version;
        this.state.lastEventAt = this.options.now().toISOString();
        this.emit({ type: 'delete', key: this.key, object });
        return null;
      }
      case 'BOOKMARK':
        this.resourceVersion = version;
        return null;
      default:
        // ERROR (410 Expired or anything else): what we hold may have missed events; list again.
        const { code, reason } = event.object as { code?: number; reason?: string };
        return `${event.type} event on the watch (${code ?? '?'} ${reason ?? ''})`.trim();
    }
  }

  private require(answer: KubeAnswer): void {
    if (answer.status >= 200 && answer.status < 300) return;
    const message = typeof answer.body === 'object' && answer.body?.message ? answer.body.message : `HTTP ${answer.status}`;
    throw Object.assign(new Error(`cluster ${this.key.cluster} answered ${answer.status} to ${this.key.kind} in ${this.key.namespace || 'all namespaces'}: ${message}`), { status: answer.status });
  }

  private notServed(): void {
    const { basePath, resource } = this.options.resources?.[this.key.kind] ?? liveResources[this.key.kind];
    const message = `cluster ${this.key.cluster} does not serve ${this.key.kind} (404 on ${basePath}/…/${resource}: its CRD is not installed); asked again every ${Math.round(this.options.notServedRecheckMs / 1000)} s`;
    for (const object of this.objects.values()) this.emit({ type: 'delete', key: this.key, object });
    this.objects.clear();
    this.resourceVersion = '';
    this.setState({ synced: false, notServed: true, unreachableSince: null, error: message });
  }

  private where(): Record<string, string> {
    return { cluster: this.key.cluster, kind: this.key.kind, namespace: this.key.namespace };
  }

  private failed(error: unknown): void {
    this.shortWatches = error instanceof ShortWatch;
    const status = (error as { status?: number }).status;
    const reachedServer = (status !== undefined && status < 500) || error instanceof ShortWatch;
    const cause = rootCause(error);
    const timedOut = cause.name === 'TimeoutError' || /TIMEOUT/.test(String(cause.code ?? ''));
    const why = timedOut ? 'no answer within the request deadline' : String(cause.code ?? cause.message ?? 'connection failed');
    const message = status !== undefined || error instanceof ShortWatch ? (error as Error).message : `cluster ${this.key.cluster} is unreachable (${why})`;
    // Refused (401/403: the credential expired or the console's RoleBinding is gone): what we hold
    // can no longer be followed, so it is not shown as current either, and is listed afresh once
    // the rights are back (whatever changed meanwhile then reaches subscribers as the list's diff).
    const refused = status === 401 || status === 403;
    if (refused) this.resourceVersion = '';
    this.setState({ error: message, unreachableSince: reachedServer ? null : (this.state.unreachableSince ?? this.options.now().toISOString()), ...(refused && { synced: false }) });
  }

  private setState(change: Partial<WatchStatus>): void {
    this.state = { ...this.state, ...change };
    this.emit({ type: 'status', key: this.key, status: this.status() });
  }

  private emit(unsequenced: DistributiveOmit<LiveChange, 'seq'>): void {
    const change = { ...unsequenced, seq: this.nextSeq() } as LiveChange;
    this.recent.push(change);
    if (this.recent.length > this.options.recentChanges) this.recent.splice(0, this.recent.length - this.options.recentChanges);
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // one subscriber's failure never stops the shared watch or the others
      }
    }
  }

  private path(): string {
    const { basePath, resource } = this.options.resources?.[this.key.kind] ?? liveResources[this.key.kind];
    return this.key.namespace ? `${basePath}/namespaces/${encodeURIComponent(this.key.namespace)}/${resource}` : `${basePath}/${resource}`;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const objectKey = (object: LiveObject) => `${object.metadata.namespace}/${object.metadata.name}`;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
