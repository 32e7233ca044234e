// The connection test asks one SelfSubjectAccessReview per right and namespace: 10 environments are
// 30 namespaces and over 300 questions. Fired all at once (SRE review of issue 7, F10) that was as
// many TLS connections at the same moment from one ServiceAccount, which API Priority and Fairness
// answers with 429 and a cloud load balancer with timeouts, so an admin could neither register,
// re-test nor edit the cluster. Here a TLS server with the testbed's serving certificate plays the
// API server (with a little latency, as from a load balancer in another zone) and counts the
// connections open at once: every request, /version included, goes through one capped pool.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionChecks } from '@/lib/core/clusters/connection-test';
import { testbedPem } from '@/lib/test-support/testbed-cluster';
import { KubeClusterProbe } from './kube-cluster-probe';

let open = 0;
let peak = 0;
let inFlight = 0;
let peakInFlight = 0;
let requests = 0;
const server: Server = createServer({ cert: testbedPem('apiserver.crt'), key: testbedPem('apiserver.key') }, (request, response) => {
  requests += 1;
  inFlight += 1;
  peakInFlight = Math.max(peakInFlight, inFlight);
  request.resume();
  request.on('end', () => {
    setTimeout(() => {
      inFlight -= 1;
      response.setHeader('content-type', 'application/json');
      if (request.url?.includes('selfsubjectreviews')) response.end(JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', status: { userInfo: { username: 'system:serviceaccount:personapass-system:personapass-console', groups: [] } } }));
      else if (request.url?.startsWith('/version')) response.end(JSON.stringify({ gitVersion: 'v1.33.0' }));
      else if (request.url?.startsWith('/api/v1/namespaces/kube-system')) response.end(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system', uid: 'lb-cluster' } }));
      else response.end(JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', status: { allowed: true } }));
    }, 50);
  });
});
server.on('connection', (socket) => {
  open += 1;
  peak = Math.max(peak, open);
  socket.on('close', () => (open -= 1));
});
beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the connection test against a cluster with 10 environments (30 namespaces)', () => {
  it("asks every question with at most 8 requests and 8 connections open at once", async () => {
    const { port } = server.address() as AddressInfo;
    const namespaces = Array.from({ length: 10 }, (_, i) => [`personapass-e${i}`, `personapass-e${i}-monitoring`, `personapass-e${i}-tracing`]).flat();
    const checks = connectionChecks(namespaces);
    const answer = await new KubeClusterProbe(10_000).probe(
      { name: 'lb', apiServerUrl: `https://127.0.0.1:${port}`, caBundle: testbedPem('ca.crt'), credential: { kind: 'token', token: 'not-checked-by-this-server' } },
      [...checks.needed, ...checks.broader],
    );
    // Every check answered, in order; plus the identity, the version and the cluster's identity.
    expect(answer.answers.map((a) => a.verb)).toEqual([...checks.needed, ...checks.broader].map((c) => c.verb));
    expect(answer.clusterUid).toBe('lb-cluster');
    expect(requests).toBe(checks.needed.length + checks.broader.length + 3);
    expect(peakInFlight).toBeLessThanOrEqual(8);
    expect(peak).toBeLessThanOrEqual(8);
  });
});
