// JSON over HTTPS to one API server, through one pool of keep-alive connections, every request
// under its own deadline. @kubernetes/client-node's generic KubernetesObjectApi is not used for
// objects: it re-serialises bodies through its typed models, which silently drops every field its
// models do not know (a newer API field, a typo the server should refuse) and rewrites timestamps,
// and it opens a new connection pool for every request. Here bodies go out and come back as sent.
import { Agent, request } from 'undici';
import type { ClusterConnection } from '@/lib/core/clusters/connection-test';

export type KubeAnswer = { status: number; body: any };

export type KubeHttpOptions = {
  /** Deadline of one request, from sending it (queueing for a connection included) to its last byte. */
  timeoutMs: number;
  /** Connections kept open to the API server; more requests than this wait their turn. */
  connections: number;
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

  /** Sends one request; network failures and timeouts throw (the gateway translates them). */
  async send(method: 'GET' | 'PATCH' | 'DELETE' | 'POST', path: string, init: { query?: Record<string, string>; body?: unknown; contentType?: string } = {}): Promise<KubeAnswer> {
    const url = new URL(path, this.connection.apiServerUrl);
    for (const [name, value] of Object.entries(init.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = { accept: 'application/json', ...this.authorization };
    if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const response = await request(url, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      dispatcher: this.agent,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const text = await response.body.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a proxy's error page): kept as text for the error message
    }
    return { status: response.statusCode, body };
  }

  close(): Promise<void> {
    return this.agent.close().catch(() => undefined);
  }
}
