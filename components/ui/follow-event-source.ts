import { retryWithBackoff } from '@/lib/core/retry-backoff';

/**
 * Follows a server-sent event stream without the browser's own EventSource retry: after a drop it
 * reconnects with capped exponential backoff, resuming after the last event id it saw (the URL for
 * it comes from `url`). `onMessage` returning true ends the stream for good. Returns the stop function.
 */
export function followEventSource(
  url: (lastEventId: string | null) => string,
  handlers: { onOpen: () => void; onMessage: (event: MessageEvent<string>) => boolean | void; onDrop: () => void },
  lastEventId: string | null = null,
): () => void {
  let source: EventSource | undefined;
  let closed = false;
  const backoff = retryWithBackoff(connect);
  function connect() {
    if (closed) return;
    source = new EventSource(url(lastEventId));
    source.onopen = () => {
      handlers.onOpen();
      backoff.succeeded();
    };
    source.onmessage = (event: MessageEvent<string>) => {
      if (event.lastEventId) lastEventId = event.lastEventId;
      if (handlers.onMessage(event) === true) {
        closed = true;
        source?.close();
      }
    };
    source.onerror = () => {
      source?.close();
      if (closed) return;
      handlers.onDrop();
      backoff.failed();
    };
  }
  connect();
  return () => {
    closed = true;
    backoff.cancel();
    source?.close();
  };
}
