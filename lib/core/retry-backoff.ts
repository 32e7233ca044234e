// Capped exponential backoff for reconnecting event streams (as Argo CD's retry-backoff.ts): the
// first retry waits `initialMs`, each further one `factor` times longer, never more than `maxMs`;
// a success starts over. Pure arithmetic and a timer handle: the caller owns the connection.

export type BackoffOptions = { initialMs: number; maxMs: number; factor: number };
export const defaultBackoff: BackoffOptions = { initialMs: 500, maxMs: 15_000, factor: 2 };

export function backoffDelay(attempt: number, options: BackoffOptions = defaultBackoff): number {
  return Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, attempt));
}

/** Schedules `retry` after each failure with a growing delay; `succeeded` resets it, `cancel` stops it. */
export function retryWithBackoff(retry: () => void, options: BackoffOptions = defaultBackoff) {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    /** A failure: the next try is scheduled; returns its delay. */
    failed(): number {
      clearTimeout(timer);
      const delay = backoffDelay(attempt++, options);
      timer = setTimeout(retry, delay);
      return delay;
    },
    succeeded(): void {
      attempt = 0;
    },
    cancel(): void {
      clearTimeout(timer);
    },
  };
}
