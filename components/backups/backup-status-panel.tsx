import type { BackupStatus } from '@/lib/core/backups/backup-status';
import { ageInWords, durationInWords } from '@/lib/core/backups/recovery-objectives';
import { DescriptionList } from '../environments/description-list';
import { Alert } from '../ui/alert';
import { DateTime } from '../ui/date-time';

const titles: Record<BackupStatus['state'], string> = {
  ok: 'Backed up within its RPO',
  stale: 'Cluster data backup is older than its RPO',
  unknown: 'Backups could not be read',
};

/** The environment's last successful Velero backup against its RPO, and how to take a configuration backup. */
export function BackupStatusPanel({ status }: { status: BackupStatus }) {
  const last = status.lastSuccessful;
  return (
    <div className="space-y-4" data-testid="backup-status" data-state={status.state}>
      {status.warning ? (
        <Alert tone={status.state === 'unknown' ? 'info' : 'warning'} title={titles[status.state]}>
          {status.warning}.
        </Alert>
      ) : (
        <p className="text-sm text-emerald-800 dark:text-emerald-300">{titles.ok}.</p>
      )}
      <DescriptionList
        items={[
          { term: 'Last successful backup', value: last ? <span className="font-mono text-xs">{last.name}</span> : <span className="text-slate-500">none</span> },
          { term: 'Completed', value: last ? <><DateTime value={last.completedAt} /> ({ageInWords(last.ageSeconds)} ago)</> : <DateTime value={null} /> },
          { term: 'Recovery point objective', value: durationInWords(status.rpoSeconds) },
          { term: 'Velero Schedule', value: <span className="font-mono text-xs">{status.veleroNamespace}/{status.schedule}</span> },
          ...(status.lastFailed
            ? [{ term: 'Failed since', value: <span><span className="font-mono text-xs">{status.lastFailed.name}</span> ended {status.lastFailed.phase} <DateTime value={status.lastFailed.at} /></span> }]
            : []),
        ]}
      />
      <p className="text-xs text-slate-600 dark:text-slate-400">
        The environment&apos;s configuration (spec, rendered YAML, every deployed revision) is exported as a Git-ready folder with{' '}
        <code className="font-mono">personapass export {status.environment} --out DIR</code> and restored with{' '}
        <code className="font-mono">personapass import DIR --as NAME</code>.
      </p>
    </div>
  );
}
