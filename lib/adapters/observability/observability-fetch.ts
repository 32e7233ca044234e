import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import { Agent, fetch, type Response } from 'undici';
import { observabilityAddressProblem } from '@/lib/core/environments/cidr';
import { SemaphoreFull } from './semaphore';

// Every request the console's server makes to an environment's Prometheus, Alertmanager or Jaeger.
// Their URLs come from the spec (an operator's input) and any viewer's request triggers them, so the
// console must never be the way to reach the node's cloud metadata service (its credentials) or
// another link-local address: the spec refuses such IP literals, and this refuses them again where
// it matters, at connect time, for what a DNS name resolves to (a name can point at
// 169.254.169.254, or change to it after the spec was saved). Redirects are refused too: a
// redirect would lead anywhere the first answer says.

/** The console refused to connect: the address is link-local or a metadata service. */
export class RefusedAddress extends Error {
  override readonly name = 'RefusedAddress';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A dns.lookup for an undici Agent that fails when any address it finds is one `problemOf` refuses.
 * The connection goes to the address checked here, so a name that changes its answer between a check
 * and the connect (DNS rebinding) gains nothing. Webhooks use it with their own address policy.
 */
export function refusingLookup(problemOf: (address: string) => string | undefined) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const problem = addresses.map((a) => problemOf(a.address)).find((p) => p !== undefined);
      if (problem) return callback(new RefusedAddress(`${hostname} resolves to an address in ${problem}`), []);
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** dns.lookup, failing when any address it finds is one the console may not call. */
export const guardedLookup = refusingLookup(observabilityAddressProblem);

/**
 * An API path (`api/v1/alerts`, no leading slash) under a base URL, keeping the base's path prefix (a
 * Prometheus behind an ingress at /prometheus, or the API server's service proxy) and dropping its
 * query and fragment (`http://host/other#` must not turn the API path into a fragment).
 */
export function apiUrl(baseUrl: string, path: string): URL {
  const base = new URL(baseUrl);
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL(path, base);
}

let agent: Agent | undefined;

/** fetch() through one shared connection pool whose connections pass guardedLookup, never following redirects. */
export function observabilityFetch(url: URL | string, init: { method?: string; body?: string; headers?: Record<string, string>; signal: AbortSignal }) {
  // An IP literal is connected to without a lookup: check it here.
  const problem = observabilityAddressProblem(new URL(url).hostname);
  if (problem) return Promise.reject(new RefusedAddress(`${new URL(url).hostname} is in ${problem}`));
  agent ??= new Agent({ connect: { lookup: guardedLookup } });
  return fetch(url, { ...init, redirect: 'error', dispatcher: agent });
}

/** The most an answer may hold: a tool that streams more (or an address that is not one) is no answer. */
export const maxAnswerBytes = 16 * 1024 * 1024;

/** The answer's JSON body, or undefined when it is not JSON or holds more than `maxBytes`. */
export async function readJson(response: Response, maxBytes = maxAnswerBytes): Promise<unknown> {
  if (!response.body || Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk.value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Why a request got no answer, in words that can never quote what the other end sent (an error's
 * message can: JSON.parse's quotes the body): "timed out", "connection refused", ... or the system
 * error code.
 */
export function reachFailure(error: unknown, signal?: AbortSignal): string {
  if (signal?.aborted || (error as { name?: unknown } | undefined)?.name === 'TimeoutError') return 'timed out';
  if (error instanceof SemaphoreFull) return `it is busy, ${error.waiting} requests already wait their turn`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof RefusedAddress) return `the console does not connect there: ${cause.message}`;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'its host name does not resolve';
  // undici's own words ("unexpected redirect"), not the answer's:
  if (cause instanceof Error && /redirect/.test(cause.message)) return 'it answered with a redirect, which the console does not follow';
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'no connection';
}
