import type { Metadata } from 'next';
import { canManageBackups } from '@/lib/core/auth/roles';
import { getPageContext } from '@/lib/server/auth/page-context';
import { findBackups } from '@/lib/server/backups/find-backups';
import { BackupList } from '@/components/backups/backup-list';
import { Alert } from '@/components/ui/alert';
import { ForbiddenState } from '@/components/ui/forbidden-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Backups' };

export default async function BackupsPage() {
  const ctx = await getPageContext('/admin/backups');
  const decision = canManageBackups(ctx.actor);
  if (!decision.allowed) return <ForbiddenState title="Backups" reason={decision.reason} />;
  const header = <PageHeader title="Backups" description="Encrypted backups of the console's own database, each read back and verified after it is written." />;
  if (!ctx.deps.backups) {
    return (
      <>
        {header}
        <Alert tone="warning" title="Backups are not configured">
          Set BACKUP_KEYS, BACKUP_ACTIVE_KEY_ID and BACKUP_DIR (and BACKUP_DATABASE_URL for the worker) to back the console up.
        </Alert>
      </>
    );
  }
  return (
    <>
      {header}
      <BackupList initial={await findBackups(ctx, { limit: 100 })} />
    </>
  );
}
