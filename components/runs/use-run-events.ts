'use client';

import { useEffect, useReducer, useState } from 'react';
import { isFinalRunEvent, runEventDto } from '@/lib/core/deploy/run-contract';
import { applyRunEvent, isFinished, type RunProgress } from '@/lib/core/deploy/run-progress';
import { retryWithBackoff } from '@/lib/core/retry-backoff';

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
    let source: EventSource | undefined;
    let lastEventId = initial.lastEventId;
    let closed = false;
    const backoff = retryWithBackoff(connect);
    function connect() {
      if (closed) return;
      const query = lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : '';
      source = new EventSource(`/api/v1/runs/${runId}/events${query}`);
      source.onopen = () => {
        setStream('live');
        backoff.succeeded();
      };
      source.onmessage = (message) => {
        const parsed = runEventDto.safeParse(JSON.parse(message.data));
        if (!parsed.success) return;
        lastEventId = parsed.data.id;
        dispatch(parsed.data);
        if (isFinalRunEvent(parsed.data.type)) {
          closed = true;
          source?.close();
        }
      };
      source.onerror = () => {
        source?.close();
        if (closed) return;
        setStream('reconnecting');
        backoff.failed();
      };
    }
    connect();
    return () => {
      closed = true;
      backoff.cancel();
      source?.close();
    };
    // Reconnects are driven by the stream itself; the initial snapshot is read once.
  }, [runId, finished, initial.lastEventId]);

  return { progress, stream };
}
