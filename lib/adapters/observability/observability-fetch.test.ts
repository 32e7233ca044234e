// The guard in front of every request to an environment's Prometheus, Alertmanager and Jaeger: what
// a host name resolves to is checked when connecting, IP literals before, redirects are not followed,
// and failures are told in words that never quote the other end.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, guardedLookup, observabilityFetch, reachFailure, readJson, RefusedAddress } from './observability-fetch';

let server: Server;
let port = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url === '/moved') response.writeHead(302, { location: '/elsewhere' }).end();
    else if (request.url === '/huge') {
      // Chunked, without a content-length: the bound is counted as the body arrives.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('[');
      for (let i = 0; i < 600; i++) response.write('1,');
      response.end('1]');
    }
    else response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const lookupOf = (hostname: string, all: boolean) =>
  new Promise<{ error: Error | null; address: unknown }>((resolve) => guardedLookup(hostname, { all }, (error, address) => resolve({ error, address })));

describe('guardedLookup', () => {
  it('refuses what resolves to a link-local or metadata address, one or all at once', async () => {
    for (const hostname of ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']) {
      for (const all of [false, true]) {
        const { error } = await lookupOf(hostname, all);
        expect({ hostname, all, error: error?.name }).toEqual({ hostname, all, error: 'RefusedAddress' });
      }
    }
  });

  it('answers loopback and private addresses as dns.lookup does', async () => {
    expect(await lookupOf('127.0.0.1', false)).toEqual({ error: null, address: '127.0.0.1' });
    expect(await lookupOf('10.0.0.7', true)).toEqual({ error: null, address: [{ address: '10.0.0.7', family: 4 }] });
  });
});

describe('observabilityFetch', () => {
  it('connects through the guarded pool to a host name that resolves to loopback', async () => {
    const response = await observabilityFetch(`http://localhost:${port}/api/v1/alerts`, { signal: AbortSignal.timeout(3000) });
    expect(await response.json()).toEqual({ status: 'success' });
  });

  it('refuses a metadata address literal before connecting', async () => {
    const error = await observabilityFetch('http://169.254.169.254/latest/meta-data/', { signal: AbortSignal.timeout(3000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedAddress);
    expect(reachFailure(error)).toMatch(/^the console does not connect there: 169\.254\.169\.254 is in 169\.254\.0\.0\/16 \(link-local/);
  });

  it('does not follow redirects', async () => {
    hits.length = 0;
    const error = await observabilityFetch(`http://127.0.0.1:${port}/moved`, { signal: AbortSignal.timeout(3000) }).catch((e: unknown) => e);
    expect(reachFailure(error)).toBe('it answered with a redirect, which the console does not follow');
    expect(hits).toEqual(['/moved']);
  });
});

describe('readJson', () => {
  it('reads a JSON answer, and none that is not JSON or larger than its bound', async () => {
    const fetchIt = (path: string) => observabilityFetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) });
    expect(await readJson(await fetchIt('/api'))).toEqual({ status: 'success' });
    expect(await readJson(await fetchIt('/huge'), 1000)).toBeUndefined();
    expect(await readJson(await fetchIt('/huge'))).toHaveLength(601);
    expect(await readJson(new Response('AKIAIOSFODNN7EXAMPLE') as never)).toBeUndefined();
  });
});

describe('apiUrl', () => {
  it("keeps the base's path prefix and drops its query and fragment", () => {
    expect(apiUrl('http://monitoring.example.com/prometheus', 'api/v1/query').toString()).toBe('http://monitoring.example.com/prometheus/api/v1/query');
    expect(apiUrl('http://prometheus:9090/', 'api/v1/alerts').toString()).toBe('http://prometheus:9090/api/v1/alerts');
    expect(apiUrl('http://internal/latest/meta-data#', 'api/v1/alerts').toString()).toBe('http://internal/latest/meta-data/api/v1/alerts');
  });
});
