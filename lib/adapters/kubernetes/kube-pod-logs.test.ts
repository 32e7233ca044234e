// The pod log adapter's queue against a slow "kubelet" (a local HTTP server standing in for the API
// server): a read waiting for one of the cluster's 4 slots is bounded by the read deadline, which
// starts when the read is asked for; a full line is refused at once.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Unavailable } from '@/lib/core/errors';
import { KubePodLogs, maxWaitingReads } from './kube-pod-logs';

let server: Server;
let apiServerUrl: string;
const read = (logs: KubePodLogs, i: number) => logs.readPodLog({ namespace: 'personapass-dev', pod: 'wallet-api-a', container: 'wallet-api', tailLines: 100 + i, limitBytes: 1000, timestamps: false });
const connection = () => ({ name: 'slow', apiServerUrl, caBundle: '', credential: { kind: 'token', token: 't' } }) as never;

beforeAll(async () => {
  // A kubelet that takes 400 ms to answer each log request.
  server = createServer((_, response) => setTimeout(() => response.end('line\n'), 400));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiServerUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('KubePodLogs: queued reads', () => {
  // Review 10b (attacker): the deadline started only once a slot was free; with a slow kubelet,
  // reads piled up without bound and every operator's log tail for the cluster waited minutes.
  it('no log read outlives its deadline while it waits for a slot', async () => {
    const timeoutMs = 500;
    const logs = new KubePodLogs(connection(), { timeoutMs });
    const started = Date.now();
    // 12 operators (or one script) reading distinct tails: not shared by the 2 s cache.
    const settled = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        read(logs, i).then(
          () => ({ ms: Date.now() - started, error: null }),
          (error: Error) => ({ ms: Date.now() - started, error }),
        ),
      ),
    );
    await logs.close();
    // Every caller has its answer or its failure within the deadline (plus scheduling slack).
    expect(Math.max(...settled.map((s) => s.ms))).toBeLessThan(timeoutMs + 250);
    // The first 4 were answered; those after them failed at their deadline, as unavailable.
    expect(settled.slice(0, 4).map((s) => s.error)).toEqual([null, null, null, null]);
    for (const { error } of settled.slice(4)) expect(error).toBeInstanceOf(Unavailable);
    // Whether a slot freed just before its deadline or not, it says which: waited, or not answered.
    const messages = new Set(settled.slice(4).map((s) => s.error!.message.replace(/:\d+ /, ':PORT ')));
    console.log(`queued reads: ${[...messages].join(' | ')}`);
    for (const message of messages) expect(message).toMatch(/^cluster slow (is busy: the log read waited 0\.5s|at .* did not answer get pods\/log .* within 0\.5s)/);
  });

  it('refuses a read at once as busy when the line is full', async () => {
    const logs = new KubePodLogs(connection(), { timeoutMs: 5_000 });
    const started = Date.now();
    const reads = Array.from({ length: 4 + maxWaitingReads + 1 }, (_, i) => read(logs, i).then(() => null, (error: Error) => error));
    const refused = await reads.at(-1)!;
    expect(Date.now() - started).toBeLessThan(100);
    expect(refused).toBeInstanceOf(Unavailable);
    expect(refused!.message).toBe(`cluster slow is busy: ${maxWaitingReads} log reads are waiting their turn; try again shortly`);
    // Those in line are served in turn (4 at a time, 400 ms each: 2 s for all, inside their deadline).
    expect((await Promise.all(reads.slice(0, -1))).filter(Boolean)).toEqual([]);
    await logs.close();
  });
});
