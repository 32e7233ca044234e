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

/** What a redis-server needs under its limit besides maxmemory: allocator fragmentation and client,
 *  replica and AOF buffers. */
const headroom = 0.25;

/**
 * A redis-server container sets `--maxmemory` well below its memory limit. Without it Redis grows
 * until the kernel OOM-kills it (with `noeviction` it never frees anything on its own), and an AOF
 * larger than the limit then fails to load on every restart. What maxmemory does not count needs
 * room under the limit: a quarter of it for fragmentation and buffers, and where Redis forks to
 * persist (AOF rewrite, RDB snapshot), the child's copy-on-write pages: under a write-heavy load
 * Redis can use up to twice the memory it normally uses (redis.io, memory optimization), so there
 * 2 × maxmemory plus the quarter must fit the limit (at most 37.5% of it: 192mb of 512Mi).
 */
export const checkRedisMemory: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  for (const template of podTemplates(objects)) {
    for (const { container, path } of containersOf(template)) {
      const command = [...(container.command ?? []), ...(container.args ?? [])] as string[];
      if (!command.some((part) => /(^|\/)redis-server$/.test(part))) continue;
      const add = (message: string) => problems.push({ object: idOf(template.workload), path: `${path}.args`, message, check: 'redis-memory' });
      const limitText = String(container.resources?.limits?.memory ?? '');
      const limit = memoryBytes(limitText);
      const setting = argument(command, 'maxmemory');
      if (setting === undefined) {
        add('redis-server has no --maxmemory: it grows until the memory limit OOM-kills it');
        continue;
      }
      const maxmemory = redisBytes(setting);
      const copies = forks(command) ? 2 : 1;
      const mib = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MiB`;
      if (Number.isNaN(maxmemory)) add(`--maxmemory ${setting} is not a memory value redis-server reads (it refuses to start)`);
      else if (maxmemory === 0) add('--maxmemory 0 sets no limit');
      else if (!(limit > 0)) add('redis-server needs a memory limit to keep --maxmemory under');
      else if (maxmemory >= limit) add(`--maxmemory ${setting} is not below the memory limit ${limitText}: the kernel kills Redis before it refuses a write`);
      else if (copies * maxmemory + headroom * limit > limit) {
        const most = `${Math.floor(((1 - headroom) * limit) / copies / 1024 ** 2)}mb`;
        add(
          copies === 2
            ? `--maxmemory ${setting} leaves no room for the persistence fork under the memory limit ${limitText}: while the AOF rewrite's (or snapshot's) child runs, copy-on-write can double what Redis uses, so 2 × maxmemory (${mib(2 * maxmemory)}) plus ${headroom * 100}% of the limit for fragmentation and buffers (${mib(headroom * limit)}) must fit ${limitText}; at most ${most}`
            : `--maxmemory ${setting} is above ${(1 - headroom) * 100}% of the memory limit ${limitText}: too little room for fragmentation and buffers; at most ${most}`,
        );
      }
    }
  }
  return problems;
};
