import { canReadEnvironments, type Actor } from '@/lib/core/auth/roles';
import type { RunEventRecord } from '@/lib/core/deploy/deploy-ports';
import { NotFound } from '@/lib/core/errors';
import type { StreamedEvent } from '../http/server-sent-events';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { isFinalEvent, type FeedMembership } from './run-event-feeds';
import { toRunEventDto } from './run-dto';

export type StreamTiming = {
  /** How often a run's feed looks for new events. */
  pollMs: number;
  /** A comment line after this long without events keeps proxies from closing the connection. */
  heartbeatMs: number;
  /** A stream ends after this long; the client reconnects and resumes. */
  maxMs: number;
  /** How often the caller's access is checked again while their stream is open. */
  recheckMs: number;
};
export const defaultStreamTiming: StreamTiming = { pollMs: 500, heartbeatMs: 15_000, maxMs: 10 * 60_000, recheckMs: 60_000 };

export type RunStream = {
  events: (signal: AbortSignal) => AsyncGenerator<StreamedEvent | 'heartbeat'>;
  /** Gives the caller's stream place back (idempotent); the HTTP layer calls it when the stream ends. */
  close: () => void;
};

const byId = (a: string, b: string) => (BigInt(a) > BigInt(b) ? 1 : BigInt(a) < BigInt(b) ? -1 : 0);

/**
 * Opens a stream of a run's events after `lastEventId`, as they are written: 404 for an unknown
 * run, 429 when the caller (or this process) has as many streams open as allowed. The events come
 * from the run's shared feed (one poller per run per process); the caller's access is checked
 * again every `recheckMs` with `reauthenticate` (a disabled user's stream ends). Ends after the
 * run's final event, or after `maxMs`.
 */
export async function openRunStream(ctx: UseCaseContext, runId: string, lastEventId: string | null, reauthenticate: () => Promise<Actor | null>): Promise<RunStream> {
  const actor = requireActor(ctx);
  enforce(canReadEnvironments(actor));
  if ((await ctx.deps.runs.findRunStatus(runId)) === null) throw new NotFound(`no run ${runId}`);
  const close = ctx.deps.runStreams.admission.admit(actor.userId);
  const stillAllowed = async () => {
    const now = await reauthenticate().catch(() => null);
    return now !== null && now.userId === actor.userId && canReadEnvironments(now).allowed;
  };
  return { events: (signal) => followRun(ctx, runId, lastEventId, signal, stillAllowed), close };
}

async function* followRun(ctx: UseCaseContext, runId: string, lastEventId: string | null, signal: AbortSignal, stillAllowed: () => Promise<boolean>): AsyncGenerator<StreamedEvent | 'heartbeat'> {
  const { feeds, timing } = ctx.deps.runStreams;
  const inbox = new Inbox(signal);
  let cursor = lastEventId;
  const membership: FeedMembership = await feeds.join(ctx.deps.runs, runId, inbox);
  try {
    // The feed may already be past this stream's cursor: read what lies between from the log, once.
    while (membership.position !== null && (cursor === null || byId(cursor, membership.position) < 0)) {
      const missed = await ctx.deps.runs.findEvents(runId, cursor, 200);
      if (missed.length === 0) break;
      for (const event of missed) {
        yield { id: event.id, data: toRunEventDto(event) };
        cursor = event.id;
        if (isFinalEvent(event)) return;
      }
    }
    const until = Date.now() + timing.maxMs;
    let checkAt = Date.now() + timing.recheckMs;
    while (!signal.aborted && Date.now() < until) {
      const next = await inbox.next(Math.min(timing.heartbeatMs, until - Date.now(), Math.max(0, checkAt - Date.now())));
      if (next === 'ended') return;
      if (next === 'idle') {
        if (Date.now() >= checkAt) {
          if (!(await stillAllowed())) return;
          checkAt = Date.now() + timing.recheckMs;
        } else yield 'heartbeat';
        continue;
      }
      for (const event of next) {
        if (cursor !== null && byId(event.id, cursor) <= 0) continue; // read from the log already
        yield { id: event.id, data: toRunEventDto(event) };
        cursor = event.id;
        if (isFinalEvent(event)) return;
      }
      if (Date.now() >= checkAt) {
        if (!(await stillAllowed())) return;
        checkAt = Date.now() + timing.recheckMs;
      }
    }
  } finally {
    membership.leave();
  }
}

/** What the feed hands one stream, waited for with a timeout and the stream's abort signal. */
class Inbox {
  private queue: RunEventRecord[] = [];
  private ended: { error?: unknown } | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly signal: AbortSignal) {}

  events(batch: RunEventRecord[]): void {
    this.queue.push(...batch);
    this.wake?.();
  }

  end(error?: unknown): void {
    this.ended = { error };
    this.wake?.();
  }

  /** The events handed so far, or 'ended' once the feed stopped and they are all taken, or 'idle' after `timeoutMs`. */
  async next(timeoutMs: number): Promise<RunEventRecord[] | 'ended' | 'idle'> {
    if (this.queue.length === 0 && !this.ended && !this.signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.signal.removeEventListener('abort', done);
          this.wake = null;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.signal.addEventListener('abort', done, { once: true });
        this.wake = done;
      });
    }
    if (this.queue.length > 0) return this.queue.splice(0);
    if (this.ended?.error) throw this.ended.error;
    if (this.ended || this.signal.aborted) return 'ended';
    return 'idle';
  }
}
