// The connection test of a cluster with many environments asks hundreds of questions, at most 8 at a
// time: against an API server that answers every request but slowly (50 ms each), it must still
// finish. The server here is a slow API-server stand-in (HTTPS with the testbed's certificate,
// canned answers): the real testbed answers too fast to show a deadline problem.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { KubeClusterProbe } from '@/lib/adapters/kubernetes/kube-cluster-probe';
import { connectionChecks } from '@/lib/core/clusters/connection-test';
import { testbedPem } from '@/lib/test-support/testbed-cluster';

let requests = 0;
let open = 0;
let peak = 0;
const server: Server = createServer({ cert: testbedPem('apiserver.crt'), key: testbedPem('apiserver.key') }, (request, response) => {
  requests += 1;
  request.resume();
  request.on('end', () => {
    setTimeout(() => {
      response.setHeader('content-type', 'application/json');
      if (request.url?.includes('selfsubjectreviews')) response.end(JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', status: { userInfo: { username: 'system:serviceaccount:personapass-system:personapass-console', groups: [] } } }));
      else if (request.url?.includes('/namespaces/kube-system')) response.end(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system', uid: 'fake-uid' } }));
      else if (request.url?.startsWith('/version')) response.end(JSON.stringify({ gitVersion: 'v1.33.0' }));
      else response.end(JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', status: { allowed: true } }));
    }, 50);
  });
});
server.on('connection', (socket) => { open += 1; peak = Math.max(peak, open); socket.on('close', () => (open -= 1)); });
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('connection test deadline (slow API-server stand-in)', () => {
  it.each([40])('answers for %i environments at 50 ms per answer', async (environments) => {
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const namespaces = Array.from({ length: environments }, (_, i) => [`personapass-e${i}`, `personapass-e${i}-monitoring`, `personapass-e${i}-tracing`]).flat();
    const checks = connectionChecks(namespaces);
    requests = 0;
    const outcome = await new KubeClusterProbe().probe(
      { name: 'lb', apiServerUrl: `https://127.0.0.1:${port}`, caBundle: testbedPem('ca.crt'), credential: { kind: 'token', token: 'x' } },
      [...checks.needed, ...checks.broader],
    ).then(() => 'answered', (error: Error) => error.message);
    expect({ outcome, peak: peak <= 9 }).toEqual({ outcome: 'answered', peak: true });
    expect(requests).toBeGreaterThan(checks.needed.length);
  });
});
