import path from 'node:path';
import { FileBackupStore } from '@/lib/adapters/backups/file-backup-store';
import { applicationRoleOf } from '@/lib/adapters/prisma/grant-application-role';
import { getBackupKeys, getMigrationDatabaseUrls } from '@/lib/env';
import { restoreBackup, type RestoreResult } from '@/lib/server/backups/restore-backup';

// `personapass restore FILE [--force]` runs on the console's host, not through the API: it replaces
// the database the console itself runs on, so no browser or token may ask for it. It connects as the
// schema owner (MIGRATION_DATABASE_URL, or DATABASE_URL where one role does both) with the backup
// keys (BACKUP_KEYS) from the console's own configuration. Stop the console and its workers first.

export async function restoreCommand(file: string | undefined, force: boolean): Promise<string> {
  if (!file) throw new Error('restore needs FILE (a backup file, e.g. from BACKUP_DIR)');
  const urls = getMigrationDatabaseUrls();
  const absolute = path.resolve(file);
  const store = new FileBackupStore(path.dirname(absolute));
  const result: RestoreResult = await restoreBackup({
    read: () => store.read(path.basename(absolute)),
    keys: { keys: getBackupKeys() },
    ownerUrl: urls.migration,
    grantTo: urls.applicationRole ?? applicationRoleOf(urls.migration, urls.application),
    force,
    migrationsDir: path.resolve('prisma/migrations'),
  });
  const { header } = result;
  return [
    `restored ${path.basename(absolute)} (taken ${header.createdAt}, migration ${header.migration}, ${header.dumpBytes} bytes of dump)${result.replaced ? ', replacing what the database held' : ''}`,
    result.migrationsApplied.length ? `migrated on: ${result.migrationsApplied.join(', ')}` : 'no newer migrations to apply',
    'start the console and its workers again',
  ].join('\n');
}
