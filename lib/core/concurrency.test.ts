import { describe, expect, it } from 'vitest';
import { mapWithLimit } from './concurrency';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapWithLimit', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithLimit([5, 4, 3, 2, 1, 0], 2, async (n) => {
      peak = Math.max(peak, ++running);
      await tick();
      running--;
      return n * 10;
    });
    expect(peak).toBe(2);
    expect(results).toEqual([50, 40, 30, 20, 10, 0]);
  });

  it('starts nothing after a failure and rejects once the running tasks settle', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapWithLimit([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      settled++;
      if (n === 1) throw new Error('boom');
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([0, 1, 2]);
    expect(settled).toBe(started.length);
  });
});
