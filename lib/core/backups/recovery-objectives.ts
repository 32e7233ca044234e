import type { Tier } from '../environments/environment-spec';

/**
 * What the seed promises for cluster data, per tier: production's Velero backups every 15 minutes
 * (RPO 15 minutes), the others' daily (RPO 24 hours), each kept for its TTL. The Velero Schedules
 * the platform renders, the console's stale-backup warning and the alert rule all read this one table.
 */
export type RecoveryObjective = {
  /** The most cluster data a restore may lose: a backup older than this is stale. */
  rpoSeconds: number;
  /** Velero Schedule's cron (the cluster's time zone, UTC on managed clusters). */
  cron: string;
  /** How long Velero keeps each backup (a Go duration, as Velero's spec.template.ttl takes it). */
  ttl: string;
};

export const recoveryObjectives: Record<Tier, RecoveryObjective> = {
  // Every 15 minutes (96 a day), kept three days: any point of the last 72 hours within 15 minutes.
  production: { rpoSeconds: 15 * 60, cron: '*/15 * * * *', ttl: '72h0m0s' },
  staging: { rpoSeconds: 24 * 3600, cron: '0 3 * * *', ttl: '720h0m0s' },
  development: { rpoSeconds: 24 * 3600, cron: '0 3 * * *', ttl: '168h0m0s' },
};

/** The namespace the Velero server runs in and reads its Schedules and writes its Backups in. */
export const veleroNamespace = 'velero';

/** The Velero Schedule of an environment; Velero labels each Backup it makes with this name (velero.io/schedule-name). */
export const veleroScheduleName = (environment: string) => `personapass-${environment}`;

/** "15 minutes", "24 hours": an RPO in words. */
export function durationInWords(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} seconds`;
}

/** An age rounded down to what a reader needs: "26 hours", "40 minutes", "50 seconds". */
export function ageInWords(seconds: number): string {
  if (seconds >= 2 * 3600) return `${Math.floor(seconds / 3600)} hours`;
  if (seconds >= 120) return `${Math.floor(seconds / 60)} minutes`;
  return `${seconds} seconds`;
}
