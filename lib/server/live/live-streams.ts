import type { LiveState } from '@/lib/core/live/live-state';
import { StreamAdmission, type StreamLimits } from '../runs/stream-admission';

export type LiveStreamTiming = {
  /** A comment line after this long without changes keeps proxies from closing the connection. */
  heartbeatMs: number;
  /** A stream ends after this long; the browser reconnects with Last-Event-ID and resumes. */
  maxMs: number;
  /** How often the caller's access is checked again while their stream is open. */
  recheckMs: number;
  /** Changes a stream may hold for a client that reads slower than they come (a stalled tab, a slow
   *  proxy). Past it the stream keeps nothing more and ends once the client reads what was sent; the
   *  client resumes with Last-Event-ID from the shared caches. Each change is a trimmed object of a
   *  few KB at most, so this bounds the bytes one stream holds. */
  maxUnsentChanges: number;
};

export const defaultLiveStreamTiming: LiveStreamTiming = { heartbeatMs: 15_000, maxMs: 10 * 60_000, recheckMs: 60_000, maxUnsentChanges: 2000 };

/** A console process's live-state streams: the shared watch caches they read, their limits and timing. */
export type LiveStreams = { state: LiveState; admission: StreamAdmission; timing: LiveStreamTiming };

export function createLiveStreams(state: LiveState, limits: StreamLimits, timing: LiveStreamTiming = defaultLiveStreamTiming): LiveStreams {
  return { state, admission: new StreamAdmission(limits), timing };
}
