import { memoryBytes } from '@/lib/core/environments/quantity';
import { containersOf, podTemplates } from './pod-templates';
import { idOf, type PolicyCheck, type Problem } from './problem';

// Redis' own units (redis.conf): k/m/g are powers of 1000, kb/mb/gb powers of 1024; none is bytes.
const redisUnits: Record<string, number> = { '': 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };

/** A Redis memory setting in bytes, as redis-server reads it; NaN when it reads no number. */
export function redisBytes(value: string): number {
  const match = /^(\d+)([kmg]b?)?$/i.exec(value.trim());
  return match ? Number(match[1]) * (redisUnits[(match[2] ?? '').toLowerCase()] ?? Number.NaN) : Number.NaN;
}

/** The value that follows `--name` in redis-server's arguments (the last one wins, as in redis.conf). */
function argument(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  args.forEach((arg, i) => {
    if (arg === `--${name}`) value = args[i + 1];
  });
  return value;
}

/** Whether redis-server forks a child to persist (AOF rewrite or RDB snapshots): copy-on-write then
 *  counts the pages it changes twice, against the same cgroup limit. The image's default is RDB. */
function forks(args: readonly string[]): boolean {
  return argument(args, 'appendonly') === 'yes' || argument(args, 'save') !== '';
}

/**
 * A redis-server container sets `--maxmemory` well below its memory limit. Without it Redis grows
 * until the kernel OOM-kills it (with `noeviction` it never frees anything on its own), and an AOF
 * larger than the limit then fails to load on every restart. What maxmemory does not count needs
 * room under the limit: allocator fragmentation, client, replica and AOF buffers (a quarter of it),
 * and where it forks to persist, the copy-on-write pages of the child (half of it).
 */
export const checkRedisMemory: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  for (const template of podTemplates(objects)) {
    for (const { container, path } of containersOf(template)) {
      const command = [...(container.command ?? []), ...(container.args ?? [])] as string[];
      if (!command.some((part) => /(^|\/)redis-server$/.test(part))) continue;
      const add = (message: string) => problems.push({ object: idOf(template.workload), path: `${path}.args`, message, check: 'redis-memory' });
      const limit = memoryBytes(String(container.resources?.limits?.memory ?? ''));
      const setting = argument(command, 'maxmemory');
      if (setting === undefined) {
        add('redis-server has no --maxmemory: it grows until the memory limit OOM-kills it');
        continue;
      }
      const maxmemory = redisBytes(setting);
      const share = forks(command) ? 0.5 : 0.75;
      if (Number.isNaN(maxmemory)) add(`--maxmemory ${setting} is not a memory value redis-server reads (it refuses to start)`);
      else if (maxmemory === 0) add('--maxmemory 0 sets no limit');
      else if (!(limit > 0)) add('redis-server needs a memory limit to keep --maxmemory under');
      else if (maxmemory >= limit) add(`--maxmemory ${setting} is not below the memory limit ${container.resources.limits.memory}: the kernel kills Redis before it refuses a write`);
      else if (maxmemory > limit * share) {
        add(
          `--maxmemory ${setting} is above ${share * 100}% of the memory limit ${container.resources.limits.memory}: too little room for fragmentation and buffers${share === 0.5 ? ' and the persistence fork' : ''}`,
        );
      }
    }
  }
  return problems;
};
