/**
 * How many requests may wait for one outside endpoint (a Prometheus, Jaeger or Alertmanager URL)
 * before more are refused at once: each waits under its caller's deadline anyway.
 */
export const maxWaitingPerEndpoint = 64;

/** Thrown when more callers than `maxWaiting` already wait for a slot. */
export class SemaphoreFull extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} callers already wait for a slot`);
    this.name = 'SemaphoreFull';
  }
}

export type SemaphoreWait = {
  /** Given up while waiting (or before the task starts): the signal's reason is thrown, the place in line freed. */
  signal?: AbortSignal;
  /** Refuse at once (SemaphoreFull) when this many callers already wait. */
  maxWaiting?: number;
};

/**
 * At most `limit` holders at once; the rest wait in order, at most `maxWaiting` of them (beyond
 * that a caller is refused at once rather than queued behind work it would outlive).
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly maxWaiting?: number,
  ) {}

  async run<T>(task: () => Promise<T>, { signal, maxWaiting = this.maxWaiting }: SemaphoreWait = {}): Promise<T> {
    signal?.throwIfAborted();
    if (this.active >= this.limit) {
      if (maxWaiting !== undefined && this.waiting.length >= maxWaiting) throw new SemaphoreFull(this.waiting.length);
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const at = this.waiting.indexOf(wake);
          if (at !== -1) this.waiting.splice(at, 1);
          reject(signal!.reason);
        };
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    } else this.active++;
    try {
      // The slot is held from here: a signal that fired as it was handed over gives it straight on.
      signal?.throwIfAborted();
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` never drops below the true count.
      if (next) next();
      else this.active--;
    }
  }
}
