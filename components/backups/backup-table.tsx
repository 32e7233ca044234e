import type { BackupDto } from '@/lib/core/backups/backup-contract';
import { Badge, type BadgeTone } from '../ui/badge';
import { DateTime } from '../ui/date-time';
import { Table, Td, Th } from '../ui/table';

const statusTone: Record<BackupDto['status'], BadgeTone> = { queued: 'neutral', running: 'info', verified: 'success', failed: 'danger' };

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

const formatDuration = (ms: number | null) => (ms === null ? '—' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

export function BackupTable({ backups }: { backups: BackupDto[] }) {
  return (
    <Table caption="Backups of the console's database, newest first">
      <thead>
        <tr>
          <Th>Created</Th>
          <Th>Status</Th>
          <Th>Size</Th>
          <Th>Duration</Th>
          <Th>Taken</Th>
          <Th>File</Th>
        </tr>
      </thead>
      <tbody>
        {backups.map((backup) => (
          <tr key={backup.id} data-testid="backup-row">
            <Td className="whitespace-nowrap">
              <DateTime value={backup.createdAt} />
            </Td>
            <Td>
              <Badge tone={statusTone[backup.status]}>{backup.status}</Badge>
              {backup.error ? <p className="mt-1 max-w-md text-xs text-red-700 dark:text-red-300">{backup.error}</p> : null}
            </Td>
            <Td className="whitespace-nowrap" title={backup.dumpBytes === null ? undefined : `${backup.dumpBytes} bytes of dump`}>
              {formatBytes(backup.sizeBytes)}
            </Td>
            <Td className="whitespace-nowrap">{formatDuration(backup.durationMs)}</Td>
            <Td>{backup.trigger === 'manual' ? `by ${backup.requestedBy}` : 'on schedule'}</Td>
            <Td className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">{backup.fileName}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
