// Server-sent events (text/event-stream) from an async source: each event carries its id (the
// client's Last-Event-ID on reconnect), a comment line keeps idle connections open through
// proxies, and the stream ends when the source does or the client goes away.
//
// The source is pulled only as the client reads: the stream asks it for the next event while less
// than `queuedBytes` wait unread, so a client that stops reading (a stalled tab, a slow proxy) holds
// at most that much here, and the source sees it is not being read (the live stream ends a client
// that falls too far behind; it resumes with Last-Event-ID).

export type StreamedEvent = { id: string; data: unknown };

const encoder = new TextEncoder();

/** Bytes encoded ahead of what the client has read (one event may be larger: a snapshot). */
const queuedBytes = 16 * 1024;

export function eventStream(source: (signal: AbortSignal) => AsyncIterable<StreamedEvent | 'heartbeat'>, options: { retryMs: number; onEnd?: () => void }): Response {
  const abort = new AbortController();
  let events: AsyncIterator<StreamedEvent | 'heartbeat'> | undefined;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    options.onEnd?.();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`retry: ${options.retryMs}\n\n`));
      },
      async pull(controller) {
        events ??= source(abort.signal)[Symbol.asyncIterator]();
        let next: IteratorResult<StreamedEvent | 'heartbeat'>;
        try {
          next = await events.next();
        } catch {
          // The source failed (the database went away): end the stream; the client reconnects from its last id.
          next = { done: true, value: undefined };
        }
        if (abort.signal.aborted) return;
        if (next.done) {
          end();
          controller.close();
          return;
        }
        const item = next.value;
        controller.enqueue(encoder.encode(item === 'heartbeat' ? ': heartbeat\n\n' : `id: ${item.id}\ndata: ${JSON.stringify(item.data)}\n\n`));
      },
      cancel() {
        abort.abort();
        // The source sees the abort and finishes (its subscriptions close); return() makes sure of it.
        void events?.return?.().catch(() => undefined);
        end();
      },
    },
    { highWaterMark: queuedBytes, size: (chunk) => chunk.byteLength },
  );
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', 'x-accel-buffering': 'no' },
  });
}
