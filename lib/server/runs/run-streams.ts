import { RunEventFeeds } from './run-event-feeds';
import { StreamAdmission, type StreamLimits } from './stream-admission';
import { defaultStreamTiming, type StreamTiming } from './stream-run-events';

/** A console process's run progress streams: how many may be open, one feed per followed run, and their timing. */
export type RunStreams = { admission: StreamAdmission; feeds: RunEventFeeds; timing: StreamTiming };

export const defaultStreamLimits: StreamLimits = { perUser: 10, perProcess: 200, retryAfterSeconds: 5 };

export function createRunStreams(limits: StreamLimits = defaultStreamLimits, timing: StreamTiming = defaultStreamTiming): RunStreams {
  return { admission: new StreamAdmission(limits), feeds: new RunEventFeeds(timing.pollMs), timing };
}
