import { z } from 'zod';
import type { EnvironmentSpec } from '../environments/environment-spec';
import type { WatchStatus } from '../live/live-state';
import type { LiveObject } from '../live/trim-live-object';
import { ageInWords, durationInWords, recoveryObjectives, veleroNamespace, veleroScheduleName } from './recovery-objectives';

/** GET /environments/{name}/backups: the environment's last successful Velero backup against its RPO. */
export const backupStatusSchema = z.object({
  environment: z.string(),
  schedule: z.string(),
  veleroNamespace: z.string(),
  rpoSeconds: z.number().int().positive(),
  /** ok: a backup younger than the RPO; stale: older, or none; unknown: the Backups could not be read. */
  state: z.enum(['ok', 'stale', 'unknown']),
  lastSuccessful: z.object({ name: z.string(), completedAt: z.string(), ageSeconds: z.number().int() }).nullable(),
  /** The newest backup of the environment that did not complete (Failed, PartiallyFailed...), if newer than the last success. */
  lastFailed: z.object({ name: z.string(), phase: z.string(), at: z.string().nullable() }).nullable(),
  /** What to tell the reader: why it is stale or unknown; null when ok. */
  warning: z.string().nullable(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

const label = (backup: LiveObject, key: string) => backup.metadata.labels?.[key];
const timeOf = (backup: LiveObject, field: 'completionTimestamp' | 'startTimestamp') => {
  const value = backup.status?.[field];
  return typeof value === 'string' ? value : null;
};

/** Backups of the environment: made by its Schedule (Velero's own label) or labelled with it by hand. */
export function environmentBackups(spec: Pick<EnvironmentSpec, 'name'>, backups: readonly LiveObject[]): LiveObject[] {
  return backups.filter((b) => label(b, 'velero.io/schedule-name') === veleroScheduleName(spec.name) || label(b, 'personapass.dev/environment') === spec.name);
}

/**
 * The environment's backup standing from Velero's Backup objects in Velero's namespace, as read from
 * the cluster (`watch`: that watch's status). Only a Completed backup counts as a success; its age
 * is measured from completionTimestamp. Stale when the newest success is older than the tier's RPO
 * or there is none; unknown when the Backups cannot be read (no Velero CRDs, no right to list them,
 * the cluster unreachable), which is said, never shown as fine.
 */
export function assessBackups(spec: Pick<EnvironmentSpec, 'name' | 'tier'>, watch: WatchStatus, backups: readonly LiveObject[], now: Date): BackupStatus {
  const rpoSeconds = recoveryObjectives[spec.tier].rpoSeconds;
  const base = { environment: spec.name, schedule: veleroScheduleName(spec.name), veleroNamespace, rpoSeconds };
  const rpo = durationInWords(rpoSeconds);
  const unreadable = watch.notServed
    ? `Velero's Backup kind is not served by the cluster: install Velero (its CRDs) to back up cluster data`
    : !watch.synced
      ? `Velero's Backups in ${veleroNamespace} could not be read${watch.error ? `: ${watch.error}` : ' yet'}`
      : null;
  if (unreadable) return { ...base, state: 'unknown', lastSuccessful: null, lastFailed: null, warning: unreadable };

  const mine = environmentBackups(spec, backups);
  const successes = mine.filter((b) => b.status?.phase === 'Completed' && timeOf(b, 'completionTimestamp'));
  const newest = successes.reduce<LiveObject | null>((a, b) => (!a || timeOf(b, 'completionTimestamp')! > timeOf(a, 'completionTimestamp')! ? b : a), null);
  const completedAt = newest ? timeOf(newest, 'completionTimestamp')! : null;
  const failures = mine.filter((b) => ['Failed', 'PartiallyFailed', 'FailedValidation'].includes(String(b.status?.phase)));
  const failedAt = (b: LiveObject) => timeOf(b, 'completionTimestamp') ?? timeOf(b, 'startTimestamp') ?? b.metadata.creationTimestamp ?? null;
  const lastFailure = failures.reduce<LiveObject | null>((a, b) => (!a || (failedAt(b) ?? '') > (failedAt(a) ?? '') ? b : a), null);
  const lastFailed = lastFailure && (!completedAt || (failedAt(lastFailure) ?? '') > completedAt) ? { name: lastFailure.metadata.name, phase: String(lastFailure.status?.phase), at: failedAt(lastFailure) } : null;

  if (!newest || !completedAt) {
    return { ...base, state: 'stale', lastSuccessful: null, lastFailed, warning: `No successful Velero backup of ${spec.name} (Schedule ${base.schedule} in ${veleroNamespace}): its RPO is ${rpo}` };
  }
  const ageSeconds = Math.max(0, Math.floor((now.getTime() - Date.parse(completedAt)) / 1000));
  const lastSuccessful = { name: newest.metadata.name, completedAt, ageSeconds };
  if (ageSeconds <= rpoSeconds) return { ...base, state: 'ok', lastSuccessful, lastFailed, warning: null };
  return {
    ...base,
    state: 'stale',
    lastSuccessful,
    lastFailed,
    warning: `The last successful backup of ${spec.name} (${newest.metadata.name}) completed ${ageInWords(ageSeconds)} ago, older than its RPO of ${rpo}${lastFailed ? `; the newest after it, ${lastFailed.name}, ended ${lastFailed.phase}` : ''}`,
  };
}
