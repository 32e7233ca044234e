import { describe, expect, it } from 'vitest';
import { leaseTiming } from './run-lease-keeper';

describe('leaseTiming', () => {
  it('stops cluster writes early enough that one begun just before the deadline lands before a takeover (default lease)', () => {
    const timing = leaseTiming(60, 15_000);
    expect(timing.marginMs).toBe(17_000);
    // The last write may start at lease - margin and take its whole deadline: it still lands first.
    expect(timing.leaseMs - timing.marginMs + 15_000).toBeLessThan(timing.leaseMs);
    // Two renewals may fail in a row before writes stop.
    expect(2 * timing.renewEveryMs).toBeLessThan(timing.leaseMs - timing.marginMs);
  });

  it('keeps at most half a short lease back (the write deadline cannot be covered there), at least a quarter of a long one', () => {
    expect(leaseTiming(10, 15_000).marginMs).toBe(5_000);
    expect(leaseTiming(3, 15_000).marginMs).toBe(1_500);
    expect(leaseTiming(600, 15_000).marginMs).toBe(150_000);
  });
});
