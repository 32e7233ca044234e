import { describe, expect, it } from 'vitest';
import type { StatusPage } from '@/lib/core/status/status-contract';
import { StatusPageCache } from './status-page-cache';

const pageOf = (environment: string, n: number) => ({ environment, generatedAt: String(n) }) as unknown as StatusPage;

describe('StatusPageCache', () => {
  it('builds once for concurrent viewers, again after its lifetime, and forgets a failed build', async () => {
    let now = 0;
    let builds = 0;
    const cache = new StatusPageCache(5000, () => now);
    const build = (environment: string) => async () => pageOf(environment, ++builds);
    const [a, b] = await Promise.all([cache.get('dev', build('dev')), cache.get('dev', build('dev'))]);
    expect([a.generatedAt, b.generatedAt, builds]).toEqual(['1', '1', 1]);
    expect((await cache.get('prod', build('prod'))).generatedAt).toBe('2');
    now = 4999;
    expect((await cache.get('dev', build('dev'))).generatedAt).toBe('1');
    now = 5000;
    expect((await cache.get('dev', build('dev'))).generatedAt).toBe('3');
    const failing = cache.get('staging', async () => Promise.reject(new Error('cluster down')));
    await expect(failing).rejects.toThrow('cluster down');
    await Promise.resolve();
    expect((await cache.get('staging', build('staging'))).generatedAt).toBe('4');
  });
});
