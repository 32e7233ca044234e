import { describe, expect, it } from 'vitest';
import { find, problemsByEnvironment, prodObjects, prodSpec } from './fixtures';
import type { PlainObject } from './problem';
import { checkRedisMemory, redisBytes } from './redis-memory';

const redisArgs = (objects: PlainObject[]): string[] => find(objects, 'Deployment', 'redis').spec.template.spec.containers[0].args;

function setArg(objects: PlainObject[], name: string, value: string | undefined) {
  const args = redisArgs(objects);
  const at = args.indexOf(`--${name}`);
  if (at !== -1) args.splice(at, 2);
  if (value !== undefined) args.push(`--${name}`, value);
}

describe('redisBytes', () => {
  it.each([
    ['268435456', 268435456],
    ['256mb', 256 * 1024 ** 2],
    ['256m', 256e6],
    ['1GB', 1024 ** 3],
    ['100k', 100e3],
  ])('reads %s as %i bytes', (value, bytes) => expect(redisBytes(value)).toBe(bytes));

  it('reads no number from a Kubernetes quantity', () => expect(redisBytes('256Mi')).toBeNaN());
});

describe('checkRedisMemory', () => {
  it('finds Redis bounded below its memory limit in dev, staging and prod', () => {
    expect(problemsByEnvironment(checkRedisMemory)).toEqual({ dev: [], staging: [], prod: [] });
  });

  it.each([
    ['no --maxmemory', undefined, /no --maxmemory/],
    ['--maxmemory at the limit', '512mb', /not below the memory limit 512Mi/],
    ['--maxmemory above the limit', '1gb', /not below the memory limit/],
    ['--maxmemory 0 (unlimited)', '0', /sets no limit/],
    ['--maxmemory in a unit Redis does not read', '256Mi', /not a memory value/],
    ['--maxmemory of half the limit where the AOF rewrite forks (2 × 256mb is all of 512Mi)', '256mb', /no room for the persistence fork.*2 × maxmemory \(512 MiB\) plus 25% .*\(128 MiB\).*at most 192mb/],
  ])('reports %s', (_, value, message) => {
    const objects = prodObjects();
    setArg(objects, 'maxmemory', value);
    expect(checkRedisMemory(objects, { spec: prodSpec })).toEqual([
      { object: 'Deployment/personapass-prod/redis', path: 'spec.template.spec.containers[0].args', message: expect.stringMatching(message), check: 'redis-memory' },
    ]);
  });

  it('allows three quarters of the limit where Redis never forks to persist', () => {
    const objects = prodObjects();
    setArg(objects, 'appendonly', 'no');
    setArg(objects, 'save', '');
    setArg(objects, 'maxmemory', '384mb');
    expect(checkRedisMemory(objects, { spec: prodSpec })).toEqual([]);
    setArg(objects, 'maxmemory', '400mb');
    expect(checkRedisMemory(objects, { spec: prodSpec })).toEqual([expect.objectContaining({ message: expect.stringMatching(/above 75%/) })]);
  });
});
