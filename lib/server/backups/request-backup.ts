import { canManageBackups, canWriteAtAll } from '@/lib/core/auth/roles';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import { backupDto, type BackupDto } from '@/lib/core/backups/backup-contract';
import { requireBackups } from './find-backups';
import { backupFileName } from './take-backup';

/** An admin's "Back up now": recorded as queued, taken by a worker through the job queue. */
export async function requestBackup(ctx: UseCaseContext): Promise<BackupDto> {
  const actor = requireActor(ctx);
  enforce(canWriteAtAll(actor));
  enforce(canManageBackups(actor));
  const backups = requireBackups(ctx);
  const fileName = backupFileName(ctx.deps.now());
  const record = await backups.log.createBackup(
    { fileName, trigger: 'manual', requestedBy: actor.email, status: 'queued' },
    auditEntry(ctx, { action: 'backup.requested', targetType: 'backup', targetName: fileName, summary: `backup of the console's database asked for by ${actor.email}` }),
  );
  try {
    await backups.jobs.enqueueBackup(record.id);
  } catch (error) {
    await backups.log.finishBackup(record.id, { status: 'failed', durationMs: 0, error: `could not queue the backup: ${(error as Error).message}` });
    throw error;
  }
  return backupDto(record);
}
