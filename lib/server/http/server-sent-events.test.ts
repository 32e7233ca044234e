// eventStream pulls its source only as the client reads: /environments/{name}/live feeds it every
// change of 21 shared watches, and a client that stops reading (a stalled tab, a slow proxy, a
// script holding the socket open) must not make the server buffer them for the stream's 10 minutes.
import { describe, expect, it } from 'vitest';
import { eventStream } from './server-sent-events';

describe('eventStream', () => {
  it('does not pull the source while nobody reads the body', async () => {
    let produced = 0;
    const big = 'x'.repeat(2000); // about one trimmed pod
    async function* changes(signal: AbortSignal) {
      while (!signal.aborted) {
        await new Promise((resolve) => setImmediate(resolve));
        produced++;
        yield { id: `deadbeef.${produced}`, data: { type: 'upsert', object: big } };
      }
    }
    const response = eventStream(changes, { retryMs: 2000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pulledWhileUnread = produced;
    await response.body!.cancel();
    // A pull-based stream holds a highWaterMark's worth (a handful of events) until read.
    expect(pulledWhileUnread).toBeLessThan(50);
  });

  it('sends the retry line, then each event with its id, and ends with its source', async () => {
    let ended = 0;
    async function* two() {
      yield { id: 'a.1', data: { type: 'snapshot' } };
      yield 'heartbeat' as const;
      yield { id: 'a.2', data: { type: 'delete' } };
    }
    const response = eventStream(two, { retryMs: 2000, onEnd: () => ended++ });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await response.text()).toBe('retry: 2000\n\nid: a.1\ndata: {"type":"snapshot"}\n\n: heartbeat\n\nid: a.2\ndata: {"type":"delete"}\n\n');
    expect(ended).toBe(1);
  });

  it('stops its source when the client goes away, and ends once', async () => {
    let ended = 0;
    let finished = false;
    async function* forever(signal: AbortSignal) {
      try {
        while (!signal.aborted) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          yield 'heartbeat' as const;
        }
      } finally {
        finished = true;
      }
    }
    const response = eventStream(forever, { retryMs: 2000, onEnd: () => ended++ });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect({ finished, ended }).toEqual({ finished: true, ended: 1 });
  });
});
