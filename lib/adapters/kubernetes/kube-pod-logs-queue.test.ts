// Probe (review 10b, attacker): a log read waiting for one of the cluster's 4 slots is not bounded by
// the read deadline (podLogTimeoutMs): the deadline starts only once a slot is free. With a slow
// kubelet, reads pile up without bound and every operator's log tail for the cluster waits minutes.
import { createServer, type Server } from 'node:http';
import { afterAll, expect, it } from 'vitest';
import { KubePodLogs } from './kube-pod-logs';

let server: Server;
afterAll(() => new Promise((resolve) => server.close(resolve)));

it('probe: no log read outlives its deadline while it waits for a slot', async () => {
  // A kubelet that takes 400 ms to answer each log request.
  server = createServer((_, response) => setTimeout(() => response.end('line\n'), 400));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const connection = { name: 'slow', apiServerUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`, caBundle: '', credential: { kind: 'token', token: 't' } } as never;
  const timeoutMs = 500;
  const logs = new KubePodLogs(connection, { timeoutMs });
  const started = Date.now();
  // 12 operators (or one script) reading distinct tails: not shared by the 2 s cache.
  const settled = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      logs
        .readPodLog({ namespace: 'personapass-dev', pod: 'wallet-api-a', container: 'wallet-api', tailLines: 100 + i, limitBytes: 1000, timestamps: false })
        .then(() => Date.now() - started, () => Date.now() - started),
    ),
  );
  await logs.close();
  // Every caller has its answer or its failure within the deadline (plus scheduling slack).
  expect(Math.max(...settled)).toBeLessThan(timeoutMs + 250);
});
