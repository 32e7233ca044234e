'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BackupDto, BackupList as BackupListDto } from '@/lib/core/backups/backup-contract';
import { apiRequest } from '../api/api-request';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { BackupTable } from './backup-table';

const listKey = ['backups'] as const;
const inFlight = (list: BackupListDto) => list.items.some((backup) => backup.status === 'queued' || backup.status === 'running');

/** The backups with "Back up now"; while one is queued or running the list refreshes itself. */
export function BackupList({ initial }: { initial: BackupListDto }) {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: listKey,
    queryFn: () => apiRequest<BackupListDto>('/api/v1/backups?limit=100'),
    initialData: initial,
    refetchInterval: (query) => (query.state.data && inFlight(query.state.data) ? 2000 : false),
  });
  const backUp = useMutation({
    mutationFn: () => apiRequest<BackupDto>('/api/v1/backups', { method: 'POST' }),
    onSuccess: (queued) => {
      client.setQueryData<BackupListDto>(listKey, (previous) => (previous ? { ...previous, items: [queued, ...previous.items] } : previous));
      void client.invalidateQueries({ queryKey: listKey });
    },
  });
  const backups = list.data.items;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="primary" onClick={() => backUp.mutate()} disabled={backUp.isPending}>
          {backUp.isPending ? 'Queuing…' : 'Back up now'}
        </Button>
        <span className="text-sm text-slate-600 dark:text-slate-400">
          {list.data.schedule === 'off' ? 'Scheduled backups are off.' : `Scheduled: ${list.data.schedule} (cron, UTC).`} Restore with <code>personapass restore FILE</code> on the console’s host.
        </span>
      </div>
      {backUp.error ? <Alert tone="danger">Could not start a backup: {backUp.error.message}</Alert> : null}
      {list.error ? <Alert tone="danger">Could not refresh the list: {list.error.message}</Alert> : null}
      {backups.length === 0 ? <EmptyState title="No backups yet">The first scheduled backup runs within the schedule&apos;s interval, or back up now.</EmptyState> : <BackupTable backups={backups} />}
    </div>
  );
}
