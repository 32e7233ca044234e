import { rootCause } from './kube-errors';

// When a request to the API server is worth sending again, and after how long. Only requests that
// do the same thing twice are repeated (reads, server-side apply, deletes), only on answers that say
// "not now" (429 from API Priority and Fairness, 502/503/504 while the control plane restarts or a
// load balancer drains) or a connection reset or refused on the way, and only while the request's
// own deadline leaves room: the wait is the server's Retry-After when it gives one, else a capped
// exponential backoff.

export type RetryPolicy = { baseMs: number; maxMs: number };
export const defaultRetryPolicy: RetryPolicy = { baseMs: 200, maxMs: 2_000 };

const transientStatuses = new Set([429, 502, 503, 504]);
const transientCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** The wait before retrying (ms), or null: give the answer or the error to the caller now. */
export function retryDelay(input: {
  idempotent: boolean;
  status?: number;
  retryAfter?: string | null;
  error?: unknown;
  /** Retries so far. */
  attempt: number;
  remainingMs: number;
  policy?: RetryPolicy;
}): number | null {
  if (!input.idempotent) return null;
  const transient = input.error !== undefined ? transientCodes.has(rootCause(input.error).code ?? '') : transientStatuses.has(input.status ?? 0);
  if (!transient) return null;
  const policy = input.policy ?? defaultRetryPolicy;
  const backoff = Math.min(policy.maxMs, policy.baseMs * 2 ** input.attempt);
  const asked = retryAfterMs(input.retryAfter);
  const wait = asked ?? backoff;
  // Leave the retry itself some time to answer.
  return wait + Math.min(1_000, policy.baseMs) < input.remainingMs ? wait : null;
}

/** Retry-After in seconds (what the API server sends) or an HTTP date. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
