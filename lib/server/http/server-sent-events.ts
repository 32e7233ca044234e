// Server-sent events (text/event-stream) from an async source: each event carries its id (the
// client's Last-Event-ID on reconnect), a comment line keeps idle connections open through
// proxies, and the stream ends when the source does or the client goes away.

export type StreamedEvent = { id: string; data: unknown };

const encoder = new TextEncoder();

export function eventStream(source: (signal: AbortSignal) => AsyncIterable<StreamedEvent | 'heartbeat'>, options: { retryMs: number; onEnd?: () => void }): Response {
  const abort = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(`retry: ${options.retryMs}\n\n`));
      try {
        for await (const item of source(abort.signal)) {
          if (abort.signal.aborted) break;
          const text = item === 'heartbeat' ? ': heartbeat\n\n' : `id: ${item.id}\ndata: ${JSON.stringify(item.data)}\n\n`;
          controller.enqueue(encoder.encode(text));
        }
      } catch {
        // The source failed (the database went away): end the stream; the client reconnects from its last id.
      } finally {
        options.onEnd?.();
      }
      if (!abort.signal.aborted) controller.close();
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', 'x-accel-buffering': 'no' },
  });
}
