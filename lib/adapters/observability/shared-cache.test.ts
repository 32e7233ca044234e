import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore';
import { SharedCache } from './shared-cache';

describe('SharedCache', () => {
  it('shares one load among callers within the ttl, and loads again after it', async () => {
    let now = 0;
    let loads = 0;
    const cache = new SharedCache<number>(1000, 10, () => now);
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('q', load), cache.get('q', load)])).toEqual([1, 1]);
    now = 999;
    expect(await cache.get('q', load)).toBe(1);
    now = 1000;
    expect(await cache.get('q', load)).toBe(2);
  });

  it('keeps no failure, and no more than its bound', async () => {
    const cache = new SharedCache<number>(1000, 2, () => 0);
    await expect(cache.get('bad', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('bad', async () => 7)).toBe(7);
    let loads = 0;
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => ++loads);
    await cache.get('a', async () => ++loads);
    expect(loads).toBe(4);
  });
});

describe('Semaphore', () => {
  it('runs at most its limit at once', async () => {
    const slots = new Semaphore(2);
    let active = 0;
    let most = 0;
    const task = async () => {
      most = Math.max(most, ++active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    };
    await Promise.all(Array.from({ length: 7 }, () => slots.run(task)));
    expect(most).toBe(2);
    expect(active).toBe(0);
  });
});
