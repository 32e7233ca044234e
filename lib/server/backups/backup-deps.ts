import type { BackupKeys } from '@/lib/core/backups/backup-file';
import type { BackupJobs, BackupLog, BackupStore, DatabaseDumper } from '@/lib/core/backups/backup-ports';
import type { RetentionPolicy } from '@/lib/core/backups/retention';

/** What backing up needs; absent from Deps when BACKUP_* is not configured. */
export type BackupDeps = {
  store: BackupStore;
  log: BackupLog;
  dumper: DatabaseDumper;
  keys: BackupKeys;
  retention: RetentionPolicy;
  jobs: BackupJobs;
  /** When scheduled backups run (cron, UTC), or 'off' (BACKUP_SCHEDULE). */
  schedule: string;
};
