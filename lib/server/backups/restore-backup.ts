import { readdir } from 'node:fs/promises';
import { installJobQueue } from '@/lib/adapters/jobs/install-job-queue';
import { applyMigrations } from '@/lib/adapters/prisma/apply-migrations';
import { serverFacts } from '@/lib/adapters/postgres/pg-tools';
import { restoreDump } from '@/lib/adapters/postgres/pg-restorer';
import { openBackup, verifyBackup, type BackupHeader, type BackupKeys } from '@/lib/core/backups/backup-file';
import { BackupRefused } from '@/lib/core/backups/backup-refused';
import { Conflict } from '@/lib/core/errors';

export type RestoreInput = {
  /** The backup file's bytes; read twice (verified in full, then restored). */
  read: () => AsyncIterable<Uint8Array>;
  keys: Pick<BackupKeys, 'keys'>;
  /** The database's owner (MIGRATION_DATABASE_URL, or DATABASE_URL with one role): it creates every table. */
  ownerUrl: string;
  /** The console's role, granted its privileges afterwards as `npm run db:migrate` does. */
  grantTo?: string;
  /** Replace a database that holds tables already. */
  force: boolean;
  migrationsDir: string;
};

export type RestoreResult = { header: BackupHeader; replaced: boolean; migrationsApplied: string[] };

/**
 * Restores the console's database from a backup file: an operator's action on the console's host
 * (`personapass restore FILE`), never a browser's. Nothing is touched until the whole file verified
 * (its key, its header, every chunk, its size and hash) and the database was found empty or
 * --force was given; the restore itself is one transaction. Then the migrations newer than the
 * backup run, the console's role is granted its privileges, and the job queue is installed.
 */
export async function restoreBackup(input: RestoreInput): Promise<RestoreResult> {
  const header = await verifyBackup(input.read(), input.keys);
  const known = (await readdir(input.migrationsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  if (!known.includes(header.migration)) {
    throw new BackupRefused(`the backup was made at migration ${header.migration}, which this console does not know (its newest is ${known.at(-1)}): restore it with the console version that made it, or a newer one`);
  }
  const target = await serverFacts(input.ownerUrl);
  if (target.tables > 0 && !input.force) {
    throw new Conflict(`the database is not empty (${target.tables} tables${target.migration ? `, at migration ${target.migration}` : ''}): restoring replaces all of it; stop the console and pass --force to do so`);
  }
  await restoreDump(input.ownerUrl, openBackup(input.read(), input.keys), { replace: target.tables > 0 });
  const migrated = await applyMigrations(input.ownerUrl, input.migrationsDir, { grantTo: input.grantTo });
  await installJobQueue(input.ownerUrl, input.grantTo);
  return { header, replaced: target.tables > 0, migrationsApplied: migrated.applied };
}
