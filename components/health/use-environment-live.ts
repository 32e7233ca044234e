'use client';

import { useEffect, useRef, useState } from 'react';
import type { WatchKey } from '@/lib/core/live/live-kinds';
import type { WatchStatus } from '@/lib/core/live/live-state';
import type { LiveObject } from '@/lib/core/live/trim-live-object';
import { followEventSource } from '../ui/follow-event-source';

export type LiveConnection = 'connecting' | 'live' | 'reconnecting';

/** What the environment's live stream (GET /api/v1/environments/{name}/live) sends. */
export type LiveMessage =
  | { type: 'snapshot'; objects: LiveObject[]; statuses: WatchStatus[] }
  | { type: 'upsert' | 'delete'; key: WatchKey; object: LiveObject }
  | { type: 'status'; key: WatchKey; status: WatchStatus };

/**
 * Follows an environment's live stream: one EventSource per call (a page calls it once), each
 * message handed to onMessage. After a drop it reconnects with capped backoff, resuming after the
 * last event it received (?lastEventId=, as Last-Event-ID); the server resumes or sends a fresh
 * snapshot. Nothing polls the API server: the server's shared watches feed the stream.
 */
export function useEnvironmentLive(environment: string, onMessage: (message: LiveMessage) => void): LiveConnection {
  const [connection, setConnection] = useState<LiveConnection>('connecting');
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  }, [onMessage]);

  useEffect(
    () =>
      followEventSource((last) => `/api/v1/environments/${encodeURIComponent(environment)}/live${last ? `?lastEventId=${encodeURIComponent(last)}` : ''}`, {
        onOpen: () => setConnection('live'),
        onMessage: (event) => {
          try {
            handler.current(JSON.parse(event.data) as LiveMessage);
          } catch {
            // A message this page cannot read changes nothing; the next snapshot or change will.
          }
        },
        onDrop: () => setConnection('reconnecting'),
      }),
    [environment],
  );

  return connection;
}
