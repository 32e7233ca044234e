// JSON over HTTPS to one API server, through one pool of keep-alive connections, every request
// under its own deadline. @kubernetes/client-node's generic KubernetesObjectApi is not used for
// objects: it re-serialises bodies through its typed models, which silently drops every field its
// models do not know (a newer API field, a typo the server should refuse) and rewrites timestamps,
// and it opens a new connection pool for every request. Here bodies go out and come back as sent.
import { Agent, request } from 'undici';
import type { ClusterConnection } from '@/lib/core/clusters/connection-test';
import { retryDelay, type RetryPolicy } from './kube-retry';

export type KubeAnswer = { status: number; body: any; /** The server's Retry-After, when it sent one. */ retryAfter?: string };

/** `accept`: a subresource that answers text (pods/log) is asked for it; the body then stays text. */
export type KubeRequestInit = {
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** A deadline or cancellation of the caller's, on top of the request's own timeout (never retried past). */
  signal?: AbortSignal;
};

export type KubeHttpOptions = {
  /** Deadline of one request, from sending it (queueing for a connection included) to its last byte. */
  timeoutMs: number;
  /** Connections kept open to the API server; more requests than this wait their turn. */
  connections: number;
  /** Waits between retries of transient failures (tests shorten them). */
  retry?: RetryPolicy;
};

export class KubeHttp {
  private readonly agent: Agent;
  private readonly authorization: Record<string, string>;

  constructor(
    readonly connection: ClusterConnection,
    readonly options: KubeHttpOptions,
  ) {
    const { credential } = connection;
    const client = credential.kind === 'client-certificate' ? { cert: credential.certificate, key: credential.key } : {};
    this.agent = new Agent({
      connections: options.connections,
      connect: { ca: connection.caBundle, ...client, timeout: Math.min(options.timeoutMs, 5_000), keepAlive: true, keepAliveInitialDelay: 30_000 },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.authorization = credential.kind === 'token' ? { authorization: `Bearer ${credential.token}` } : {};
  }

  /**
   * Sends one request; network failures and timeouts throw (the gateway translates them). An
   * idempotent request (GET, DELETE, server-side apply; not POST) meeting a transient failure is
   * sent again inside the same deadline (kube-retry.ts).
   */
  async send(method: 'GET' | 'PATCH' | 'DELETE' | 'POST', path: string, init: KubeRequestInit = {}): Promise<KubeAnswer> {
    const deadline = Date.now() + this.options.timeoutMs;
    const idempotent = method === 'GET' || method === 'DELETE' || (method === 'PATCH' && init.contentType === 'application/apply-patch+yaml');
    for (let attempt = 0; ; attempt++) {
      let answer: KubeAnswer | undefined;
      let error: unknown;
      try {
        answer = await this.sendOnce(method, path, init, Math.max(1, deadline - Date.now()));
      } catch (caught) {
        error = caught;
      }
      if (init.signal?.aborted && error !== undefined) throw error;
      const wait = retryDelay({ idempotent, status: answer?.status, retryAfter: answer?.retryAfter, error, attempt, remainingMs: deadline - Date.now(), policy: this.options.retry });
      if (wait === null) {
        if (error !== undefined) throw error;
        return answer!;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async sendOnce(method: string, path: string, init: KubeRequestInit, timeoutMs: number): Promise<KubeAnswer> {
    const url = new URL(path, this.connection.apiServerUrl);
    for (const [name, value] of Object.entries(init.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = { accept: init.accept ?? 'application/json', ...this.authorization };
    if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const response = await request(url, {
      method: method as 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      dispatcher: this.agent,
      signal: init.signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), init.signal]) : AbortSignal.timeout(timeoutMs),
    });
    const text = await response.body.text();
    let body: unknown = text;
    const json = String(response.headers['content-type'] ?? '').includes('json') || !init.accept;
    try {
      if (json) body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a proxy's error page): kept as text for the error message
    }
    const retryAfter = response.headers['retry-after'];
    return { status: response.statusCode, body, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter };
  }

  close(): Promise<void> {
    return this.agent.close().catch(() => undefined);
  }
}
