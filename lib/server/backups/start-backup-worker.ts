import type { Notifier } from '@/lib/core/ports';
import { logger } from '../logger';
import type { BackupDeps } from './backup-deps';
import { takeBackup } from './take-backup';

// The worker's part in backups (scripts/worker.ts): keep the pg-boss schedule as BACKUP_SCHEDULE
// says, and take each backup job, one at a time per worker. The outcome is in console_backups.

export type BackupJobRunner = {
  setSchedule(cron: string): Promise<void>;
  work(handler: (backupId: string | null) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
};

export async function startBackupWorker(backups: BackupDeps, jobs: BackupJobRunner, notifier?: Notifier): Promise<{ stop(): Promise<void> }> {
  await jobs.setSchedule(backups.schedule);
  await jobs.work(async (backupId) => {
    const record = await takeBackup(backups, { backupId });
    if (!record) return;
    const fields = { backup: record.id, file: record.fileName, durationMs: record.durationMs, sizeBytes: record.sizeBytes };
    if (record.status === 'verified') logger.info('backup verified', fields);
    else {
      logger.error('backup failed', { ...fields, error: record.error });
      await notifier?.notify({ type: 'backup.failed', environment: null, occurredAt: new Date().toISOString(), actor: null, backup: { backupId: record.id, reason: record.error ?? 'no reason recorded' } });
    }
  });
  return { stop: () => jobs.stop() };
}
