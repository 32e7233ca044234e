// A cluster's readiness for the platform: one check per question, each pass, warn or fail with
// what it found and, when not passing, what to do. Plain data; the checks are pure functions of
// what the adapter read, and a read that failed makes only its own check fail ("could not read").

export type ReadinessStatus = 'pass' | 'warn' | 'fail';

export const readinessCheckIds = ['kubernetes-version', 'nodes', 'custom-resources', 'console-rights', 'default-storage-class', 'pod-security'] as const;
export type ReadinessCheckId = (typeof readinessCheckIds)[number];

export type ReadinessCheck = {
  id: ReadinessCheckId;
  title: string;
  status: ReadinessStatus;
  /** One line: what was found. */
  summary: string;
  /** The particulars (each missing CRD, each missing right...), one line each. */
  details: string[];
  /** What to do about a warning or failure; null when it passes. */
  remedy: string | null;
};

/** An environment whose head revision deploys to the cluster, as the checks need it. */
export type ReadinessEnvironment = { name: string; tier: 'development' | 'staging' | 'production'; namespace: string; namespaces: string[] };

export type ReadinessReport = {
  cluster: string;
  status: ReadinessStatus;
  checkedAt: string;
  environments: ReadinessEnvironment[];
  checks: ReadinessCheck[];
};

/** What the adapter read, or why it could not: a failed read is that check's failure, not the report's. */
export type Reading<T> = { ok: true; value: T } | { ok: false; error: string };

export const worstStatus = (statuses: ReadinessStatus[]): ReadinessStatus => (statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass');

export function readinessReport(input: { cluster: string; checkedAt: Date; environments: ReadinessEnvironment[]; checks: ReadinessCheck[] }): ReadinessReport {
  return {
    cluster: input.cluster,
    status: worstStatus(input.checks.map((check) => check.status)),
    checkedAt: input.checkedAt.toISOString(),
    environments: input.environments,
    checks: input.checks,
  };
}

/** The failure of a check whose read failed: says which read, why, and that nothing else is known. */
export function unreadable(id: ReadinessCheckId, title: string, what: string, error: string, remedy?: string): ReadinessCheck {
  return {
    id,
    title,
    status: 'fail',
    summary: `could not read ${what}: ${error}`,
    details: [],
    remedy: remedy ?? `make ${what} readable to the console's credential, or the API server reachable, then check again`,
  };
}

export const pass = (id: ReadinessCheckId, title: string, summary: string, details: string[] = []): ReadinessCheck => ({ id, title, status: 'pass', summary, details, remedy: null });
