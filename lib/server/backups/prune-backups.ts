import { backupsToPrune } from '@/lib/core/backups/retention';
import type { BackupRecord } from '@/lib/core/backups/backup-ports';
import type { BackupDeps } from './backup-deps';

/** Deletes the files and records retention no longer keeps (after each verified backup). */
export async function pruneBackups(backups: BackupDeps, now: Date): Promise<number> {
  const doomed = backupsToPrune<BackupRecord>(await backups.log.findAllBackups(), backups.retention, now);
  for (const backup of doomed) {
    // The file first: a record without its file would claim a backup that is gone.
    await backups.store.delete(backup.fileName);
    await backups.log.deleteBackup(backup.id);
  }
  return doomed.length;
}
