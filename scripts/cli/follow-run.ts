// `deploy --wait`: follows a run's server-sent events until its final event, reconnecting after a
// drop with capped exponential backoff and resuming after the last event seen (Last-Event-ID).
import { isFinalRunEvent } from '@/lib/core/deploy/run-contract';
import { backoffDelay } from '@/lib/core/retry-backoff';

export type StreamEvent = { id: string; type: string; payload: Record<string, unknown> };


/** Splits text/event-stream text into complete events; returns them and the unfinished rest. */
export function parseEventStream(buffer: string): { events: Array<{ id: string | null; data: string }>; rest: string } {
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks.flatMap((block) => {
    const lines = block.split('\n');
    const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart());
    if (data.length === 0) return []; // comments (heartbeats) and retry lines
    const id = lines.find((line) => line.startsWith('id:'))?.slice(3).trim() ?? null;
    return [{ id, data: data.join('\n') }];
  });
  return { events, rest };
}

export async function followRun(options: {
  baseUrl: string;
  token: string;
  runId: string;
  onEvent: (event: StreamEvent) => void;
  onReconnect?: (delayMs: number, reason: string) => void;
  maxFailures?: number;
}): Promise<StreamEvent> {
  let lastEventId: string | null = null;
  let failures = 0;
  for (;;) {
    let reason = 'the stream ended';
    let retryAfterMs = 0;
    try {
      const response = await fetch(`${options.baseUrl}/api/v1/runs/${options.runId}/events`, {
        headers: { authorization: `Bearer ${options.token}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        const message = body.error?.message ?? `HTTP ${response.status}`;
        // Too many streams open (another terminal, a browser tab): one frees up; wait as long as asked.
        if (response.status === 429) throw Object.assign(new Error(message), { retryAfterMs: Number(response.headers.get('retry-after') ?? 0) * 1000 || 0 });
        // Refusals (401, 403, 404) will not change by retrying.
        if (response.status < 500) throw Object.assign(new Error(message), { final: true });
        throw new Error(`HTTP ${response.status}`);
      }
      failures = 0;
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        const parsed = parseEventStream(buffer);
        buffer = parsed.rest;
        for (const raw of parsed.events) {
          const event = JSON.parse(raw.data) as StreamEvent;
          lastEventId = raw.id ?? event.id;
          options.onEvent(event);
          if (isFinalRunEvent(event.type)) return event;
        }
      }
    } catch (error) {
      if ((error as { final?: boolean }).final) throw error;
      reason = (error as Error).message;
      retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs ?? 0;
    }
    failures++;
    if (failures > (options.maxFailures ?? 10)) throw new Error(`lost the run's progress stream (${reason}); follow it again with the run id ${options.runId}`);
    const delay = Math.max(backoffDelay(failures - 1), retryAfterMs);
    options.onReconnect?.(delay, reason);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
