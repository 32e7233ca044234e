import { assessBackups, type BackupStatus } from '@/lib/core/backups/backup-status';
import { veleroNamespace } from '@/lib/core/backups/recovery-objectives';
import type { WatchKey } from '@/lib/core/live/live-kinds';
import type { UseCaseContext } from '../context';
import { getEnvironment } from '../environments/get-environment';
import { defaultReadHealthOptions, type ReadHealthOptions } from '../health/read-environment-health';
import { readLiveSnapshot } from '../live/read-live-snapshot';

/**
 * The environment's last successful Velero backup against its RPO, for a reader of environments.
 * Velero's Backups are read from the shared watch of the cluster's Velero namespace (one per
 * cluster, whatever the number of environments and viewers), as health reads its kinds.
 */
export async function getBackupStatus(ctx: UseCaseContext, name: string, options: ReadHealthOptions = defaultReadHealthOptions): Promise<BackupStatus> {
  const head = await getEnvironment(ctx, name);
  const key: WatchKey = { cluster: head.spec.cluster, kind: 'Backup', namespace: veleroNamespace };
  const [read] = await readLiveSnapshot(ctx.deps.live.state, [key], options.syncWaitMs);
  return assessBackups(head.spec, read!.status, read!.objects, ctx.deps.now());
}
