// Transient API-server answers are retried inside the request's deadline: a local HTTP server that
// answers 429 (API Priority and Fairness) or 503 before it succeeds, and the real testbed behind a
// proxy that resets the first connections (a load balancer draining, an API server restarting).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { errorCode } from '@/lib/core/errors';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { KubeClusterGateway } from './kube-cluster-gateway';
import { KubeHttp } from './kube-http';
import { retryAfterMs, retryDelay } from './kube-retry';

const servers: Array<Server | TcpServer> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A local API server that answers each request with the next of `answers` (the last one repeats). */
async function scriptedServer(answers: Array<{ status: number; headers?: Record<string, string>; body?: unknown }>) {
  const seen: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    seen.push(`${request.method} ${request.url}`);
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(JSON.stringify(answer.body ?? { kind: 'Status', message: `answer ${seen.length}` }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const http = new KubeHttp(
    { name: 'scripted', apiServerUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`, caBundle: '', credential: { kind: 'token', token: 't' } } as never,
    { timeoutMs: 3_000, connections: 2, retry: { baseMs: 50, maxMs: 200 } },
  );
  return { http, seen };
}

const configMap = { kind: 'ConfigMap', metadata: { name: 'x' } };

describe('retries of transient API-server answers', () => {
  it('waits as long as a 429 asks (Retry-After) and then answers with the success', async () => {
    const { http, seen } = await scriptedServer([{ status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: configMap }]);
    const started = Date.now();
    const answer = await http.send('GET', '/api/v1/namespaces/p/configmaps/x');
    expect(answer).toMatchObject({ status: 200, body: configMap });
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('retries a server-side apply and a delete through 503s, with growing waits', async () => {
    const apply = await scriptedServer([{ status: 503 }, { status: 503 }, { status: 200, body: configMap }]);
    const answer = await apply.http.send('PATCH', '/api/v1/namespaces/p/configmaps/x', { body: configMap, contentType: 'application/apply-patch+yaml', query: { fieldManager: 'personapass-console' } });
    expect({ status: answer.status, tries: apply.seen.length }).toEqual({ status: 200, tries: 3 });
    const remove = await scriptedServer([{ status: 504 }, { status: 200 }]);
    expect((await remove.http.send('DELETE', '/api/v1/namespaces/p/configmaps/x')).status).toBe(200);
  });

  it('never repeats what is not idempotent, nor answers that will not change', async () => {
    const post = await scriptedServer([{ status: 503 }, { status: 201 }]);
    expect((await post.http.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { body: {} })).status).toBe(503);
    expect(post.seen).toHaveLength(1);
    const conflict = await scriptedServer([{ status: 409 }, { status: 200 }]);
    expect((await conflict.http.send('PATCH', '/api/v1/namespaces/p/configmaps/x', { body: configMap, contentType: 'application/apply-patch+yaml' })).status).toBe(409);
    expect(conflict.seen).toHaveLength(1);
  });

  it('gives up inside the deadline and answers with what the server last said', async () => {
    const { http, seen } = await scriptedServer([{ status: 503 }]);
    const started = Date.now();
    expect((await http.send('GET', '/api/v1/namespaces/p/configmaps/x')).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(seen.length).toBeGreaterThan(3);
  });

  it('decides from the answer, the error and the time left', () => {
    const reset = Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    expect(retryDelay({ idempotent: true, error: reset, attempt: 0, remainingMs: 10_000 })).toBe(200);
    expect(retryDelay({ idempotent: true, status: 429, attempt: 5, remainingMs: 10_000 })).toBe(2_000);
    expect(retryDelay({ idempotent: true, status: 429, retryAfter: '30', attempt: 0, remainingMs: 10_000 })).toBeNull();
    expect(retryDelay({ idempotent: true, error: Object.assign(new Error('timeout'), { name: 'TimeoutError' }), attempt: 0, remainingMs: 10_000 })).toBeNull();
    expect(retryDelay({ idempotent: false, status: 503, attempt: 0, remainingMs: 10_000 })).toBeNull();
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT'))).toBe(2_000);
  });
});

describe('the testbed behind a proxy that resets connections', () => {
  const testbed = testbedCluster('testbed');
  const upstream = new URL(testbed.apiServerUrl);
  let gateway: KubeClusterGateway | undefined;
  afterAll(() => gateway?.close());

  it('reads through the first connections being reset', async () => {
    let connections = 0;
    const proxy = createTcpServer((client) => {
      connections += 1;
      // The first two connections are reset as soon as they open (an API server restarting behind a load balancer).
      if (connections <= 2) return client.resetAndDestroy();
      const server = connect(Number(upstream.port), upstream.hostname);
      for (const socket of [client, server]) socket.on('error', () => socket.destroy());
      client.pipe(server).pipe(client);
    });
    servers.push(proxy);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    gateway = new KubeClusterGateway({ ...testbed, apiServerUrl: `https://127.0.0.1:${(proxy.address() as { port: number }).port}` } as never, { timeoutMs: 10_000, connections: 1 });
    const namespace = await gateway.get({ apiVersion: 'v1', kind: 'Namespace', name: 'default' }).catch((error: Error) => `${errorCode(error)}: ${error.message}`);
    expect(namespace).toMatchObject({ metadata: { name: 'default' } });
    expect(connections).toBeGreaterThanOrEqual(3);
  });
});
