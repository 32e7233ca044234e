import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FileBackupStore } from '@/lib/adapters/backups/file-backup-store';
import { PgDumper } from '@/lib/adapters/postgres/pg-dumper';
import { PrismaBackupLog } from '@/lib/adapters/prisma/prisma-backup-log';
import { createTestDb } from '@/lib/test-support/test-deps';
import type { NotificationEvent } from '@/lib/core/notifications/notification-event';
import type { BackupDeps } from './backup-deps';
import { startBackupWorker } from './start-backup-worker';
import { takeBackup } from './take-backup';

// Taking backups against the run's database: a failure leaves its reason and no file; retention
// deletes files and records it no longer keeps; a backup whose worker vanished is marked failed.

const db = createTestDb();
let folder: string;
let backups: BackupDeps;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'personapass-take-backup-'));
  backups = {
    store: new FileBackupStore(folder),
    log: new PrismaBackupLog(db),
    dumper: new PgDumper(inject('migrationDatabaseUrl')),
    keys: { keys: { t1: randomBytes(32) }, activeKeyId: 't1' },
    retention: { recent: 1, daily: 0 },
    jobs: { enqueueBackup: async () => undefined },
    schedule: 'off',
  };
});
afterAll(async () => {
  await db.$disconnect();
  await rm(folder, { recursive: true, force: true });
});

describe('taking a backup', () => {
  it('records a failure with its reason and leaves no file', async () => {
    const unreachable = Object.assign(new URL(inject('migrationDatabaseUrl')), { pathname: '/personapass_no_such_database' }).toString();
    const failed = await takeBackup({ ...backups, dumper: new PgDumper(unreachable) });
    expect(failed).toMatchObject({ status: 'failed', sizeBytes: null, error: expect.stringContaining('personapass_no_such_database') });
    expect(failed!.error).not.toMatch(/password|PGPASSWORD/i);
    expect(await readdir(folder)).toEqual([]);
  });

  it("tells the webhooks that take backup.failed when a worker's backup fails", async () => {
    const unreachable = Object.assign(new URL(inject('migrationDatabaseUrl')), { pathname: '/personapass_no_such_database' }).toString();
    const told: NotificationEvent[] = [];
    let handler: ((backupId: string | null) => Promise<void>) | undefined;
    const jobs = { setSchedule: async () => undefined, work: async (work: typeof handler) => void (handler = work), stop: async () => undefined };
    await startBackupWorker({ ...backups, dumper: new PgDumper(unreachable) }, jobs, { notify: async (event) => void told.push(event) });
    await handler!(null); // a scheduled backup
    expect(told).toEqual([
      expect.objectContaining({ type: 'backup.failed', environment: null, actor: null, backup: { backupId: expect.any(String), reason: expect.stringContaining('personapass_no_such_database') } }),
    ]);
    expect(await readdir(folder)).toEqual([]);
  });

  it('keeps what retention keeps: the older verified backup goes, file and record', async () => {
    const first = await takeBackup(backups);
    const second = await takeBackup(backups);
    expect([first?.status, second?.status]).toEqual(['verified', 'verified']);
    expect(await readdir(folder)).toEqual([second!.fileName]);
    const ids = (await backups.log.findAllBackups()).map((backup) => backup.id);
    expect(ids).toContain(second!.id);
    expect(ids).not.toContain(first!.id);
  });

  it('marks a backup no worker finished within 3 hours as failed', async () => {
    const stranded = await db.consoleBackup.create({ data: { fileName: `stranded-${Date.now()}.ppbackup`, trigger: 'manual', requestedBy: 'someone@personapass.test', status: 'running', createdAt: new Date(Date.now() - 4 * 3600_000) } });
    await takeBackup({ ...backups, retention: { recent: 10, daily: 0 } });
    expect(await db.consoleBackup.findUniqueOrThrow({ where: { id: stranded.id } })).toMatchObject({ status: 'failed', error: expect.stringContaining('abandoned') });
  });
});
