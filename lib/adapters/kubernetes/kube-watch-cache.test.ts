// The watch cache's status after a dropped connection, and its stream decoding (from the SRE review's probes).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultWatchCacheOptions, KubeWatchCache } from './kube-watch-cache';
import { KubeWatchTransport } from './kube-watch-transport';

const pod = (name: string, resourceVersion: string, message?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion },
  status: { phase: 'Running', ...(message ? { message } : {}) },
});

async function waitFor(what: string, check: () => boolean, ms = 3000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

describe('KubeWatchCache status on a real API server connection drop', () => {
  it('a watch that reconnected and streams again no longer says the cluster is unreachable', async () => {
    // An API server rolling restart or a load balancer resetting the long-lived watch connection:
    // the first watch dies mid-stream, the next one (same resourceVersion, no 410) opens and streams.
    let watches = 0;
    const transport = {
      list: async () => ({ status: 200, body: { metadata: { resourceVersion: '100' }, items: [pod('a', '100')] } }),
      watch: async (_path: string, _query: Record<string, string>, signal: AbortSignal, onLine: (event: { type: string; object: Record<string, unknown> }) => void) => {
        watches++;
        if (watches === 1) {
          onLine({ type: 'ADDED', object: pod('b', '101') });
          throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
        }
        onLine({ type: 'MODIFIED', object: pod('b', '102') });
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        return null;
      },
      close: async () => undefined,
    };
    let seq = 0;
    const cache = new KubeWatchCache({ cluster: 'prod-eu', kind: 'Pod', namespace: 'ns' }, async () => transport as never, () => ++seq, {
      ...defaultWatchCacheOptions,
      backoff: { initialMs: 10, maxMs: 10, factor: 1 },
    });
    cache.start();
    try {
      await waitFor('the second watch to deliver an event', () => cache.snapshot().find((o) => o.metadata.name === 'b')?.metadata.resourceVersion === '102');
      // Before the fix: still { unreachableSince: <T>, error: 'cluster prod-eu is unreachable (UND_ERR_SOCKET)' } until
      // this watch ended (timeoutSeconds=300), so every component read "cluster unreachable since T" for ~5 min.
      expect(cache.status().unreachableSince).toBeNull();
      expect(cache.status().error).toBeNull();
    } finally {
      cache.stop();
    }
  });

  it('a quiet watch that answers 200 after a refused connection clears the outage before any event', async () => {
    let watches = 0;
    let opened = false;
    const transport = {
      list: async () => ({ status: 200, body: { metadata: { resourceVersion: '100' }, items: [pod('a', '100')] } }),
      watch: async (_path: string, _query: Record<string, string>, signal: AbortSignal, _onLine: unknown, onOpen?: () => void) => {
        if (++watches === 1) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        onOpen?.();
        opened = true;
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        return null;
      },
      close: async () => undefined,
    };
    let seq = 0;
    const statuses: Array<string | null> = [];
    const cache = new KubeWatchCache({ cluster: 'prod-eu', kind: 'Pod', namespace: 'ns' }, async () => transport as never, () => ++seq, {
      ...defaultWatchCacheOptions,
      backoff: { initialMs: 10, maxMs: 10, factor: 1 },
    });
    cache.listen((change) => {
      if (change.type === 'status') statuses.push(change.status.unreachableSince);
    });
    cache.start();
    try {
      await waitFor('the second watch to open', () => opened);
      console.log('unreachableSince after each status change:', JSON.stringify(statuses));
      expect(statuses.some((since) => since !== null)).toBe(true);
      expect(cache.status()).toMatchObject({ unreachableSince: null, error: null });
    } finally {
      cache.stop();
    }
  });

  it('stamps a ScaledObject with when it saw Active turn True (KEDA writes no lastTransitionTime)', async () => {
    const scaledObject = (resourceVersion: string, active: 'True' | 'False') => ({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'credential-worker', namespace: 'ns', uid: 'so', resourceVersion },
      status: { conditions: [{ type: 'Active', status: active, reason: active === 'True' ? 'ScalerActive' : 'ScalerNotActive' }] },
    });
    const transport = {
      list: async () => ({ status: 200, body: { metadata: { resourceVersion: '100' }, items: [scaledObject('100', 'False')] } }),
      watch: async (_path: string, _query: Record<string, string>, signal: AbortSignal, onLine: (event: { type: string; object: Record<string, unknown> }) => void) => {
        onLine({ type: 'MODIFIED', object: scaledObject('101', 'True') });
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        return null;
      },
      close: async () => undefined,
    };
    let seq = 0;
    const seenAt = new Date('2026-12-02T08:00:00Z');
    const cache = new KubeWatchCache({ cluster: 'prod-eu', kind: 'ScaledObject', namespace: 'ns' }, async () => transport as never, () => ++seq, { ...defaultWatchCacheOptions, now: () => seenAt });
    cache.start();
    try {
      await waitFor('the Active=True event', () => cache.snapshot()[0]?.metadata.resourceVersion === '101');
      expect(cache.snapshot()[0]!.observedActiveSince).toBe('2026-12-02T08:00:00.000Z');
    } finally {
      cache.stop();
    }
  });

  it('a multi-byte character split across two chunks of the watch stream arrives intact', async () => {
    const line = Buffer.from(`${JSON.stringify({ type: 'ADDED', object: pod('c', '7', 'Readiness probe failed: réponse 503 — service indisponible') })}\n`, 'utf8');
    const split = line.indexOf(Buffer.from('é', 'utf8')) + 1; // between the two bytes of é
    const server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(line.subarray(0, split));
      setTimeout(() => response.end(line.subarray(split)), 50);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const transport = new KubeWatchTransport({ name: 't', apiServerUrl: url, caBundle: '', credential: { kind: 'token', token: 'x' } } as never, { requestTimeoutMs: 2000 });
    const seen: Array<{ type: string; object: Record<string, unknown> }> = [];
    await transport.watch('/api/v1/namespaces/ns/pods', {}, AbortSignal.timeout(2000), (event) => seen.push(event));
    await transport.close();
    expect((seen[0]!.object.status as { message: string }).message).toBe('Readiness probe failed: réponse 503 — service indisponible');
  });
});
