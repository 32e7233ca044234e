import { describe, expect, it } from 'vitest';
import type { Tier } from '@/lib/core/environments/environment-spec';
import { memoryBytes } from '@/lib/core/environments/quantity';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import type { PlainObject } from '../validate/problem';
import { redisBytes } from '../validate/redis-memory';

describe('Redis survives its AOF rewrite fork', () => {
  // redis.io (memory optimization): while rewriting the AOF or saving an RDB under a write-heavy load,
  // Redis can use up to 2 times the memory normally used; fragmentation and buffers come on top.
  it.each([
    ['dev', 'development'],
    ['staging', 'staging'],
    ['prod', 'production'],
  ] as [string, Tier][])('%s: twice maxmemory plus a quarter of the limit fits the container limit where Redis forks', (name, tier) => {
    const objects = renderPlatform(starterSpec(name, tier)).map(toPlain) as PlainObject[];
    const redis = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'redis')!;
    const container = redis.spec.template.spec.containers.find((c: PlainObject) => c.name === 'redis');
    const args: string[] = container.args;
    const arg = (n: string) => args[args.lastIndexOf(`--${n}`) + 1];
    const forks = arg('appendonly') === 'yes' || !args.includes('--save') || arg('save') !== '';
    const maxmemory = redisBytes(arg('maxmemory')!);
    const limit = memoryBytes(container.resources.limits.memory);
    expect((forks ? 2 : 1) * maxmemory + limit / 4, `maxmemory ${arg('maxmemory')}, limit ${container.resources.limits.memory}`).toBeLessThanOrEqual(limit);
    if (forks) expect(arg('maxmemory')).toBe('192mb');
  });
});
