'use client';

import { useEffect, useReducer, useState } from 'react';
import { isFinalRunEvent, runEventDto } from '@/lib/core/deploy/run-contract';
import { applyRunEvent, isFinished, type RunProgress } from '@/lib/core/deploy/run-progress';
import { followEventSource } from '../ui/follow-event-source';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'ended';

/**
 * Follows a run's server-sent events into its progress. The browser's own EventSource retry is
 * not used: after a drop this reconnects with capped exponential backoff, resuming after the last
 * event it applied (?lastEventId=), and stops once the run has ended.
 */
export function useRunEvents(runId: string, initial: RunProgress): { progress: RunProgress; stream: StreamState } {
  const [progress, dispatch] = useReducer(applyRunEvent, initial);
  const [stream, setStream] = useState<StreamState>(isFinished(initial) ? 'ended' : 'connecting');
  const finished = isFinished(progress);

  useEffect(() => {
    if (finished) {
      setStream('ended');
      return;
    }
    return followEventSource(
      (lastEventId) => `/api/v1/runs/${runId}/events${lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : ''}`,
      {
        onOpen: () => setStream('live'),
        onMessage: (message) => {
          const parsed = runEventDto.safeParse(JSON.parse(message.data));
          if (!parsed.success) return;
          dispatch(parsed.data);
          return isFinalRunEvent(parsed.data.type);
        },
        onDrop: () => setStream('reconnecting'),
      },
      initial.lastEventId ?? null,
    );
    // Reconnects are driven by the stream itself; the initial snapshot is read once.
  }, [runId, finished, initial.lastEventId]);

  return { progress, stream };
}
