// Which backups to delete. Kept: the newest `recent` verified backups (96 taken every 15 minutes
// are the last day), and the newest verified backup of each of the last `daily` UTC days (today
// included), so a month of days can be gone back to. Failed backups are kept as records among the
// newest `recent` of all (an admin sees why the last ones failed); backups queued or being taken are
// never deleted.

export type RetentionPolicy = { recent: number; daily: number };

export const defaultRetention: RetentionPolicy = { recent: 96, daily: 30 };

export type RetainedBackup = { id: string; createdAt: Date; status: 'queued' | 'running' | 'verified' | 'failed' };

const dayMs = 24 * 3600 * 1000;
const utcDay = (date: Date) => Math.floor(date.getTime() / dayMs);

export function backupsToPrune<T extends RetainedBackup>(backups: readonly T[], policy: RetentionPolicy, now: Date): T[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  const keep = new Set<string>();
  const verified = newestFirst.filter((backup) => backup.status === 'verified');
  for (const backup of verified.slice(0, policy.recent)) keep.add(backup.id);
  const firstDay = utcDay(now) - policy.daily + 1;
  const daysSeen = new Set<number>();
  for (const backup of verified) {
    const day = utcDay(backup.createdAt);
    if (day < firstDay || daysSeen.has(day)) continue;
    daysSeen.add(day);
    keep.add(backup.id);
  }
  for (const backup of newestFirst.slice(0, policy.recent)) if (backup.status === 'failed') keep.add(backup.id);
  return newestFirst.filter((backup) => backup.status !== 'running' && backup.status !== 'queued' && !keep.has(backup.id));
}
