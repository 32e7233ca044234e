import { describe, expect, it } from 'vitest';
import type { ToolRunner } from '@/manifests/validate/tool-runner';
import { cachingToolRunner } from './caching-tool-runner';

function counting(fail = false) {
  const calls: string[] = [];
  const run: ToolRunner = async (tool, args, files) => {
    calls.push(`${tool} ${args.join(' ')} ${Object.values(files).join()}`);
    if (fail) throw new Error('promtool could not be run');
    return { exitCode: 0, output: `ran ${calls.length}` };
  };
  return { run, calls };
}

describe('cachingToolRunner', () => {
  it('runs a tool once for the same arguments and files, again when anything differs', async () => {
    const { run, calls } = counting();
    const cached = cachingToolRunner(run);
    const first = await cached('promtool', ['test', 'rules', 't.yaml'], { 't.yaml': 'a' });
    expect(await cached('promtool', ['test', 'rules', 't.yaml'], { 't.yaml': 'a' })).toEqual(first);
    await cached('promtool', ['test', 'rules', 't.yaml'], { 't.yaml': 'b' });
    await cached('promtool', ['check', 'rules', 't.yaml'], { 't.yaml': 'a' });
    await cached('amtool', ['test', 'rules', 't.yaml'], { 't.yaml': 'a' });
    expect(calls).toHaveLength(4);
  });

  it('shares one run between concurrent identical questions', async () => {
    const { run, calls } = counting();
    const cached = cachingToolRunner(run);
    await Promise.all([cached('amtool', ['x'], {}), cached('amtool', ['x'], {})]);
    expect(calls).toHaveLength(1);
  });

  it('forgets a tool that could not run, and the least recently used beyond its capacity', async () => {
    const failing = counting(true);
    const cached = cachingToolRunner(failing.run);
    await expect(cached('promtool', ['x'], {})).rejects.toThrow('could not be run');
    await expect(cached('promtool', ['x'], {})).rejects.toThrow('could not be run');
    expect(failing.calls).toHaveLength(2);

    const { run, calls } = counting();
    const small = cachingToolRunner(run, 2);
    await small('amtool', ['a'], {});
    await small('amtool', ['b'], {});
    await small('amtool', ['a'], {});
    await small('amtool', ['c'], {});
    await small('amtool', ['a'], {});
    await small('amtool', ['b'], {});
    expect(calls.map((call) => call.split(' ')[1])).toEqual(['a', 'b', 'c', 'b']);
  });
});
