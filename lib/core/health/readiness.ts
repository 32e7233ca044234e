// Whether a console process may take traffic (its pod's readiness probe): it needs Postgres and the
// job queue. What a check answers is a fixed word, never a driver's message: the probe is
// unauthenticated and reveals no host, user or query.

export const readinessChecks = ['database', 'jobQueue'] as const;
export type ReadinessCheck = (typeof readinessChecks)[number];

export type CheckOutcome = 'ok' | 'unreachable' | 'timed out' | 'not installed';

/** What the readiness use case asks of Postgres; a check throws (or answers 'not installed') when it fails. */
export interface ReadinessProbe {
  /** A cheap query on the console's database. */
  database(): Promise<void>;
  /** The deploy-run queue exists in pg-boss' schema (the migration installs it). */
  jobQueue(): Promise<'ok' | 'not installed'>;
}

export type ReadinessReport = { ready: boolean; checks: Record<ReadinessCheck, CheckOutcome>; failed: ReadinessCheck[] };

export function readinessReport(checks: Record<ReadinessCheck, CheckOutcome>): ReadinessReport {
  const failed = readinessChecks.filter((name) => checks[name] !== 'ok');
  return { ready: failed.length === 0, checks, failed };
}
