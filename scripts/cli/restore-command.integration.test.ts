import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FileBackupStore } from '@/lib/adapters/backups/file-backup-store';
import { PgDumper } from '@/lib/adapters/postgres/pg-dumper';
import { createBackupWriter } from '@/lib/core/backups/backup-file';
import { createEmptyDatabase, createMigratedDatabase, dropScratchDatabase, scratchDatabase, tableHashes, type ScratchDatabase } from '@/lib/test-support/scratch-database';

// `personapass restore FILE [--force]` as an operator runs it on the console's host: with the
// owner's URL and the backup keys in its environment, no API token, no server.

const run = promisify(execFile);
const key = randomBytes(32);
let source: ScratchDatabase;
let target: ScratchDatabase;
let folder: string;
let backupFile: string;

function restore(...args: string[]) {
  const env = { NODE_ENV: 'test' as const, PATH: process.env.PATH, MIGRATION_DATABASE_URL: target.ownerUrl, APPLICATION_DATABASE_ROLE: target.grantTo ?? '', BACKUP_KEYS: `cli1:${key.toString('base64')}` };
  return run('npx', ['tsx', 'scripts/cli/personapass.ts', 'restore', ...args], { env, encoding: 'utf8' }).then(
    (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
    (failed: { code: number; stdout: string; stderr: string }) => ({ code: failed.code, stdout: failed.stdout, stderr: failed.stderr }),
  );
}

beforeAll(async () => {
  const owner = inject('migrationDatabaseUrl');
  const app = inject('databaseUrl');
  source = scratchDatabase(owner, app, `personapass_cli_src_${Date.now()}_${process.pid}`);
  target = scratchDatabase(owner, app, `personapass_cli_dst_${Date.now()}_${process.pid}`);
  await createMigratedDatabase(source);
  await createEmptyDatabase(target);
  folder = await mkdtemp(path.join(tmpdir(), 'personapass-cli-restore-'));
  const { facts, content } = await new PgDumper(source.ownerUrl).dump();
  const writer = createBackupWriter({ keys: { cli1: key }, activeKeyId: 'cli1' });
  const body: Buffer[] = [];
  for await (const chunk of writer.body(content)) body.push(chunk);
  await new FileBackupStore(folder).write('drill.ppbackup', (async function* () {
    yield writer.header({ ...facts, createdAt: new Date() });
    yield* body;
  })());
  backupFile = path.join(folder, 'drill.ppbackup');
}, 60_000);

afterAll(async () => {
  await Promise.all([dropScratchDatabase(source), dropScratchDatabase(target)]);
  await rm(folder, { recursive: true, force: true });
});

describe('personapass restore', () => {
  it('refuses what is not a backup with a clear message and exit 1, touching nothing', async () => {
    const junk = path.join(folder, 'junk.ppbackup');
    await writeFile(junk, 'PGDMP not ours');
    const refused = await restore(junk);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('personapass: backup refused: not a PersonaPass console backup');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(await tableHashes(target.ownerUrl)).toEqual({});
  }, 60_000);

  it('restores into an empty database, then refuses to restore over it without --force, and replaces it with --force', async () => {
    const done = await restore(backupFile);
    expect(done.stdout).toContain('restored drill.ppbackup');
    expect(done.code).toBe(0);
    expect(await tableHashes(target.ownerUrl)).toEqual(await tableHashes(source.ownerUrl));
    const again = await restore(backupFile);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the database is not empty');
    const forced = await restore(backupFile, '--force');
    expect(forced.stdout).toContain('replacing what the database held');
  }, 120_000);
});
