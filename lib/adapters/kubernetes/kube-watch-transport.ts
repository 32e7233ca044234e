// The connections live watches use to one API server: their own undici pool, apart from the
// deploy gateway's (a watch holds its connection for minutes; sharing a 16-connection pool would
// starve plans and deploys), and apart from every other cluster's, so one slow cluster never holds
// up another's requests. Lists have a deadline; a watch's body has none here (the cache decides
// when a silent watch is dead).
import { Agent, request } from 'undici';
import type { ClusterConnection } from '@/lib/core/clusters/connection-test';
import type { KubeAnswer } from './kube-http';

export type WatchRequestObserver = (request: { cluster: string; verb: 'list' | 'watch'; path: string }) => void;

export class KubeWatchTransport {
  private readonly agent: Agent;
  private readonly authorization: Record<string, string>;

  constructor(
    readonly connection: ClusterConnection,
    private readonly options: { requestTimeoutMs: number; observe?: WatchRequestObserver },
  ) {
    const { credential } = connection;
    const client = credential.kind === 'client-certificate' ? { cert: credential.certificate, key: credential.key } : {};
    this.agent = new Agent({
      connect: { ca: connection.caBundle, ...client, timeout: Math.min(options.requestTimeoutMs, 5_000), keepAlive: true },
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: 0,
    });
    this.authorization = credential.kind === 'token' ? { authorization: `Bearer ${credential.token}` } : {};
  }

  /** One page of a list, under the request deadline. */
  async list(path: string, query: Record<string, string>, signal: AbortSignal): Promise<KubeAnswer> {
    this.options.observe?.({ cluster: this.connection.name, verb: 'list', path });
    const response = await request(this.url(path, query), { method: 'GET', headers: this.headers(), dispatcher: this.agent, signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.requestTimeoutMs)]) });
    const text = await response.body.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a proxy's error page): kept as text for the error message
    }
    return { status: response.statusCode, body };
  }

  /**
   * Opens a watch and calls `onLine` with each JSON event as it arrives, until the server ends
   * the stream or `signal` aborts it. A non-200 answer is returned instead of streamed; `onOpen`
   * is called once the server has answered 200 (before any event).
   */
  async watch(
    path: string,
    query: Record<string, string>,
    signal: AbortSignal,
    onLine: (event: { type: string; object: Record<string, unknown> }) => void,
    onOpen?: () => void,
  ): Promise<KubeAnswer | null> {
    this.options.observe?.({ cluster: this.connection.name, verb: 'watch', path });
    const response = await request(this.url(path, { ...query, watch: 'true' }), { method: 'GET', headers: this.headers(), dispatcher: this.agent, signal });
    if (response.statusCode !== 200) {
      const text = await response.body.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text
      }
      return { status: response.statusCode, body };
    }
    onOpen?.();
    // One streaming decoder for the whole body: a multi-byte character split across two chunks
    // is held back until its last byte arrives (decoding each chunk alone would mangle it).
    const decoder = new TextDecoder('utf-8');
    let pending = '';
    for await (const chunk of response.body) {
      pending += decoder.decode(chunk as Buffer, { stream: true });
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line) onLine(JSON.parse(line));
      }
    }
    return null;
  }

  close(): Promise<void> {
    return this.agent.destroy().catch(() => undefined);
  }

  private url(path: string, query: Record<string, string>): URL {
    const url = new URL(path, this.connection.apiServerUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url;
  }

  private headers(): Record<string, string> {
    return { accept: 'application/json', ...this.authorization };
  }
}
