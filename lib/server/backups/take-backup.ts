import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { createBackupWriter, verifyBackup } from '@/lib/core/backups/backup-file';
import type { BackupOutcome, BackupRecord } from '@/lib/core/backups/backup-ports';
import type { BackupDeps } from './backup-deps';
import { pruneBackups } from './prune-backups';

const abandonedAfterMs = 3 * 3600_000;

/** personapass-console-20261202T104500Z-1a2b3c4d.ppbackup */
export function backupFileName(at: Date): string {
  return `personapass-console-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}-${randomBytes(4).toString('hex')}.ppbackup`;
}

/**
 * Takes one backup: dumps, encrypts, writes, then reads the stored file back and verifies it in
 * full before calling it verified. `backupId` names a queued backup an admin asked for (null when
 * another worker has it already); without one, a scheduled backup is recorded now. The encrypted
 * body is spooled to the OS temp folder first (never the plaintext dump): the header in front of it
 * carries its size and hash. A failed backup leaves no file, only its record with the reason.
 */
export async function takeBackup(backups: BackupDeps, input: { backupId?: string | null; now?: Date } = {}): Promise<BackupRecord | null> {
  const now = input.now ?? new Date();
  // A backup job expires after 3 hours (pg-boss-backup-queue.ts): one still open by then has no worker.
  await backups.log.failAbandonedBackups(new Date(now.getTime() - abandonedAfterMs), 'abandoned: no worker finished it within 3 hours (the worker stopped, or the job expired)');
  const record = input.backupId
    ? await backups.log.startBackup(input.backupId)
    : await backups.log.createBackup({ fileName: backupFileName(now), trigger: 'schedule', requestedBy: null, status: 'running' });
  if (!record) return null;
  const started = performance.now();
  const spoolDir = await mkdtemp(path.join(tmpdir(), 'personapass-backup-'));
  let outcome: BackupOutcome;
  try {
    const { facts, content } = await backups.dumper.dump();
    const writer = createBackupWriter(backups.keys);
    const spool = path.join(spoolDir, 'body');
    await pipeline(Readable.from(writer.body(content)), createWriteStream(spool, { mode: 0o600 }));
    const header = writer.header({ ...facts, createdAt: record.createdAt });
    const file = async function* () {
      yield header;
      yield* createReadStream(spool, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>;
    };
    const { bytes } = await backups.store.write(record.fileName, file());
    const verified = await verifyBackup(backups.store.read(record.fileName), backups.keys);
    outcome = { status: 'verified', durationMs: Math.round(performance.now() - started), sizeBytes: bytes, dumpBytes: verified.dumpBytes, keyId: verified.keyId, migration: verified.migration, bodySha256: verified.bodySha256 };
  } catch (error) {
    await backups.store.delete(record.fileName).catch(() => undefined);
    outcome = { status: 'failed', durationMs: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    await rm(spoolDir, { recursive: true, force: true });
  }
  const finished = await backups.log.finishBackup(record.id, outcome);
  if (finished.status === 'verified') await pruneBackups(backups, now);
  return finished;
}
