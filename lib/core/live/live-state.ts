// The port live views read Kubernetes state through: shared caches, one list-and-watch per
// (cluster, kind, namespace), each with its own status so a view can say "unreachable since T"
// instead of showing stale objects as current. lib/adapters/kubernetes implements it.
import type { LiveKind, WatchKey } from './live-kinds';
import type { LiveObject } from './trim-live-object';

export type WatchStatus = {
  key: WatchKey;
  /** The initial list (or the last re-list) completed and the watch is following from it. */
  synced: boolean;
  /** When the last ADDED/MODIFIED/DELETED event arrived (ISO), or null. */
  lastEventAt: string | null;
  /**
   * When the API server last told this cache anything (ISO): a list completed, an event or a
   * bookmark arrived. A quiet namespace still hears a bookmark about once a minute, so the time
   * since then is the watch's lag (console_watch_lag_seconds). Null until the first list.
   */
  lastHeardAt: string | null;
  /** The first failure of the current run of failures to reach the API server (ISO), or null. */
  unreachableSince: string | null;
  /** What the last failure said, cleared by the next success. */
  error: string | null;
  /** Watches restarted because they went silent past the deadline. */
  restarts: number;
  /** Full lists after the first: a 410 Gone, an ERROR event, a continue token that expired. */
  relists: number;
  /**
   * The cluster does not serve this kind (404 on its list or watch: ScaledObject without KEDA's
   * CRD). Not an outage: the cache holds nothing and asks again only after a long while.
   */
  notServed: boolean;
};

/** `seq` orders every change of every cache of one LiveState (an SSE stream's event ids resume from it). */
export type LiveChange = { seq: number } & (
  | { type: 'upsert'; key: WatchKey; object: LiveObject }
  | { type: 'delete'; key: WatchKey; object: LiveObject }
  | { type: 'status'; key: WatchKey; status: WatchStatus }
);

export interface LiveSubscription {
  /** The objects held now (empty until synced). */
  snapshot(): LiveObject[];
  status(): WatchStatus;
  /**
   * The changes after `seq`, when this cache still holds them all (it was running then and its
   * recent-change ring reaches back that far); null when a fresh snapshot is needed instead.
   */
  changesSince(seq: number): LiveChange[] | null;
  /** Stops listening; the shared watch stops a while after its last subscriber leaves. */
  close(): void;
}

export interface LiveState {
  /** Subscribes to one shared watch, starting it on its first subscriber. Never waits on the cluster. */
  subscribe(key: WatchKey, onChange: (change: LiveChange) => void): LiveSubscription;
  /** Every running watch's status (for /metrics and the clusters page). */
  statuses(): WatchStatus[];
  /** Names this LiveState's run of sequence numbers: an id from another process or an earlier one cannot resume. */
  readonly epoch: string;
  /** The last sequence number handed out. */
  sequence(): number;
}

export type { LiveKind, WatchKey };
