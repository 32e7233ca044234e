import type { LiveState } from '@/lib/core/live/live-state';
import { StreamAdmission, type StreamLimits } from '../runs/stream-admission';

export type LiveStreamTiming = {
  /** A comment line after this long without changes keeps proxies from closing the connection. */
  heartbeatMs: number;
  /** A stream ends after this long; the browser reconnects with Last-Event-ID and resumes. */
  maxMs: number;
  /** How often the caller's access is checked again while their stream is open. */
  recheckMs: number;
};

export const defaultLiveStreamTiming: LiveStreamTiming = { heartbeatMs: 15_000, maxMs: 10 * 60_000, recheckMs: 60_000 };

/** A console process's live-state streams: the shared watch caches they read, their limits and timing. */
export type LiveStreams = { state: LiveState; admission: StreamAdmission; timing: LiveStreamTiming };

export function createLiveStreams(state: LiveState, limits: StreamLimits, timing: LiveStreamTiming = defaultLiveStreamTiming): LiveStreams {
  return { state, admission: new StreamAdmission(limits), timing };
}
