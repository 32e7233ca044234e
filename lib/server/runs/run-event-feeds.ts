import type { DeployRunStore, RunEventRecord } from '@/lib/core/deploy/deploy-ports';
import { isFinalRunEvent, isTerminalRunStatus } from '@/lib/core/deploy/run-contract';

// One poller per run per console process, whatever the number of streams following that run: it
// reads only the events after the last one it saw and, when there are none, the run's status (a
// row by its key), and hands each batch to every listener. A feed starts after the run's latest
// event, never at a caller's cursor (a forged Last-Event-ID far ahead would park it for everyone);
// a stream joins at the feed's position and reads what it missed before that itself, once.

export type FeedListener = {
  events(batch: RunEventRecord[]): void;
  /** The feed stopped: the run ended (after its final events were handed out) or reading failed. */
  end(error?: unknown): void;
};

export type FeedMembership = {
  /** The last event id the feed has handed out (null: none yet); every later event reaches the listener. */
  position: string | null;
  leave(): void;
};

type EventSource = Pick<DeployRunStore, 'findEvents' | 'findRunStatus' | 'findLastEventId'>;

const pageSize = 200;

export const isFinalEvent = (event: RunEventRecord) => isFinalRunEvent(event.type);

export class RunEventFeeds {
  private readonly feeds = new Map<string, RunEventFeed>();

  constructor(private readonly pollMs: number) {}

  private readonly starting = new Map<string, Promise<RunEventFeed>>();

  /** Adds a listener to the run's feed; a run nobody follows yet gets one, starting after its latest event. */
  async join(store: EventSource, runId: string, listener: FeedListener): Promise<FeedMembership> {
    let feed = this.feeds.get(runId);
    if (!feed) {
      let start = this.starting.get(runId);
      if (!start) {
        start = store.findLastEventId(runId).then((latest) => {
          const created = new RunEventFeed(store, runId, latest, this.pollMs, () => {
            if (this.feeds.get(runId) === created) this.feeds.delete(runId);
          });
          this.feeds.set(runId, created);
          return created;
        });
        this.starting.set(runId, start);
        void start.finally(() => this.starting.delete(runId)).catch(() => undefined);
      }
      feed = await start;
    }
    return feed.add(listener);
  }

  /** Runs being polled now. */
  get size(): number {
    return this.feeds.size;
  }
}

class RunEventFeed {
  private readonly listeners = new Set<FeedListener>();
  private polling = false;

  constructor(
    private readonly store: EventSource,
    private readonly runId: string,
    private position: string | null,
    private readonly pollMs: number,
    private readonly stopped: () => void,
  ) {}

  add(listener: FeedListener): FeedMembership {
    this.listeners.add(listener);
    if (!this.polling) void this.poll();
    return { position: this.position, leave: () => this.listeners.delete(listener) };
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      // Listeners leave between polls; the last one leaving ends the loop at its next turn.
      while (this.listeners.size > 0) {
        const events = await this.store.findEvents(this.runId, this.position, pageSize);
        if (events.length > 0) {
          this.hand(events);
          if (events.some(isFinalEvent)) return this.finish();
          if (events.length === pageSize) continue;
        } else if (await this.runHasEnded()) {
          // The final event commits with the status: read once more, then stop.
          this.hand(await this.store.findEvents(this.runId, this.position, pageSize));
          return this.finish();
        }
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
    } catch (error) {
      this.finish(error);
    } finally {
      this.polling = false;
      this.stopped();
    }
  }

  private async runHasEnded(): Promise<boolean> {
    const status = await this.store.findRunStatus(this.runId);
    return status === null || isTerminalRunStatus(status);
  }

  private hand(events: RunEventRecord[]): void {
    if (events.length === 0) return;
    this.position = events.at(-1)!.id;
    for (const listener of this.listeners) listener.events(events);
  }

  private finish(error?: unknown): void {
    for (const listener of this.listeners) listener.end(error);
    this.listeners.clear();
  }
}
