import { isFinalRunEvent, isTerminalRunStatus } from '@/lib/core/deploy/run-contract';
import type { StreamedEvent } from '../http/server-sent-events';
import type { UseCaseContext } from '../context';
import { findRunEvents } from './find-run-events';
import { getRun } from './get-run';
import { toRunEventDto } from './run-dto';

export type StreamTiming = { pollMs: number; heartbeatMs: number; maxMs: number };
export const defaultStreamTiming: StreamTiming = { pollMs: 500, heartbeatMs: 15_000, maxMs: 10 * 60_000 };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * A run's events after `lastEventId`, as they are written: polled from the event log (it is the
 * source of truth, whichever worker writes it), with a heartbeat when idle. Ends after the run's
 * final event, or after `maxMs` (the client reconnects and resumes).
 */
export async function* streamRunEvents(ctx: UseCaseContext, runId: string, lastEventId: string | null, signal: AbortSignal, timing = defaultStreamTiming): AsyncGenerator<StreamedEvent | 'heartbeat'> {
  await getRun(ctx, runId);
  let cursor = lastEventId;
  let quietSince = Date.now();
  const until = Date.now() + timing.maxMs;
  while (!signal.aborted && Date.now() < until) {
    const events = await findRunEvents(ctx, runId, cursor);
    for (const event of events) {
      yield { id: event.id, data: toRunEventDto(event) };
      cursor = event.id;
      if (isFinalRunEvent(event.type)) return;
    }
    if (events.length > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= timing.heartbeatMs) {
      yield 'heartbeat';
      quietSince = Date.now();
    }
    if (events.length === 0) {
      // A run that ended before this stream began has nothing more to say.
      const run = await getRun(ctx, runId);
      if (isTerminalRunStatus(run.status) && (await findRunEvents(ctx, runId, cursor, 1)).length === 0) return;
      await sleep(timing.pollMs, signal);
    }
  }
}
