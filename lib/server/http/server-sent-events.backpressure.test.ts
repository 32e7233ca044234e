// probe (review10-attack): /environments/{name}/live feeds every change of 21 shared watches into
// eventStream. eventStream enqueues in start() without ever waiting for the reader (desiredSize),
// so a viewer whose client stops reading (a stalled tab, a slow proxy, a script holding the socket
// open) makes the server buffer every change for up to the stream's 10 minutes, ×10 streams per
// user, ×200 per process. Fixed: the source is pulled only as the client reads (pull(), or await
// until desiredSize > 0).
import { describe, expect, it } from 'vitest';
import { eventStream } from './server-sent-events';

describe('eventStream backpressure (probe)', () => {
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
});
