import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tarGz } from './tar-gz';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('tarGz', () => {
  it('writes an archive the system tar extracts byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-gz-'));
    dirs.push(dir);
    const binary = Buffer.from([0, 1, 2, 255, 254]);
    const long = 'x'.repeat(1500);
    writeFileSync(join(dir, 'bundle.tar.gz'), tarGz([{ path: 'a/README.txt', content: 'héllo\n' }, { path: 'a/logs/pod_c.log', content: long }, { path: 'a/bin', content: binary }], new Date('2026-12-02T10:00:00Z')));
    expect(execFileSync('tar', ['-tzvf', join(dir, 'bundle.tar.gz')], { encoding: 'utf8' })).toMatch(/a\/README\.txt/);
    execFileSync('tar', ['-xzf', join(dir, 'bundle.tar.gz'), '-C', dir]);
    expect(readFileSync(join(dir, 'a/README.txt'), 'utf8')).toBe('héllo\n');
    expect(readFileSync(join(dir, 'a/logs/pod_c.log'), 'utf8')).toBe(long);
    expect(readFileSync(join(dir, 'a/bin'))).toEqual(binary);
  });

  it('keeps a path over 100 bytes in the prefix field, and refuses one ustar cannot hold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-gz-'));
    dirs.push(dir);
    const path = `${'d'.repeat(60)}/logs/${'p'.repeat(70)}_container.log`;
    writeFileSync(join(dir, 'long.tar.gz'), tarGz([{ path, content: 'x' }], new Date()));
    execFileSync('tar', ['-xzf', join(dir, 'long.tar.gz'), '-C', dir]);
    expect(readFileSync(join(dir, path), 'utf8')).toBe('x');
    expect(() => tarGz([{ path: 'p'.repeat(101), content: '' }], new Date())).toThrow(/too long for ustar/);
  });
});
