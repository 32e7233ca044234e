import { createServer, type Server } from 'node:https';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { testbedPem } from './testbed-cluster';

/**
 * The testbed's API server as a cluster without some API groups: an HTTPS proxy on loopback,
 * presenting the API server's own certificate (so the testbed CA verifies it), that answers 404
 * for discovery of and requests to the hidden groups (`/apis/keda.sh...`) and passes everything
 * else through unchanged, credential included. The shared testbed keeps its CRDs for everyone else.
 */
export async function apiGroupHidingProxy(target: string, hiddenGroups: string[]): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const ca = testbedPem('ca.crt');
  const hits: string[] = [];
  const hidden = (path: string) => hiddenGroups.some((group) => path === `/apis/${group}` || path.startsWith(`/apis/${group}/`) || path.startsWith(`/apis/${group}?`));
  const server: Server = createServer({ cert: testbedPem('apiserver.crt'), key: testbedPem('apiserver.key') }, (incoming, outgoing) => {
    const path = incoming.url ?? '/';
    if (hidden(path)) {
      hits.push(path);
      incoming.resume();
      outgoing.writeHead(404, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 }));
      return;
    }
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, path, method: incoming.method, headers: { ...incoming.headers, host: upstream.host }, ca },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
