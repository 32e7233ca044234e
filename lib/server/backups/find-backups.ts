import { canManageBackups } from '@/lib/core/auth/roles';
import { Unavailable } from '@/lib/core/errors';
import { enforce, requireActor, type UseCaseContext } from '../context';
import type { BackupDeps } from './backup-deps';
import { backupDto, type BackupList } from '@/lib/core/backups/backup-contract';

export function requireBackups(ctx: UseCaseContext): BackupDeps {
  if (!ctx.deps.backups) throw new Unavailable('backups are not configured on this console (BACKUP_KEYS, BACKUP_ACTIVE_KEY_ID, BACKUP_DIR)');
  return ctx.deps.backups;
}

/** The console's database backups, newest first (admins). */
export async function findBackups(ctx: UseCaseContext, query: { limit: number }): Promise<BackupList> {
  enforce(canManageBackups(requireActor(ctx)));
  const backups = requireBackups(ctx);
  return { items: (await backups.log.findBackups(query)).map(backupDto), schedule: backups.schedule };
}
