import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, retryWithBackoff } from './retry-backoff';

describe('backoffDelay', () => {
  it('doubles from the initial delay and is capped', () => {
    const options = { initialMs: 500, maxMs: 5000, factor: 2 };
    expect([0, 1, 2, 3, 4, 5, 20].map((attempt) => backoffDelay(attempt, options))).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });
});

describe('retryWithBackoff', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries after growing delays, starts over after a success, and stops when cancelled', () => {
    const retry = vi.fn();
    const backoff = retryWithBackoff(retry, { initialMs: 100, maxMs: 400, factor: 2 });
    expect(backoff.failed()).toBe(100);
    vi.advanceTimersByTime(99);
    expect(retry).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(retry).toHaveBeenCalledTimes(1);
    expect([backoff.failed(), backoff.failed(), backoff.failed()]).toEqual([200, 400, 400]);
    // Only the last scheduled retry fires.
    vi.advanceTimersByTime(400);
    expect(retry).toHaveBeenCalledTimes(2);
    backoff.succeeded();
    expect(backoff.failed()).toBe(100);
    backoff.cancel();
    vi.advanceTimersByTime(10_000);
    expect(retry).toHaveBeenCalledTimes(2);
  });
});
