import { type ComponentName, componentNames } from '../environments/environment-spec';

// The platform's alerts as the console shows them: firing and pending, per environment and
// component, with the silences that keep them quiet. Pure: the adapters fetch, this decides.

export type AlertState = 'pending' | 'firing';

export type Silence = { id: string; createdBy: string; comment: string; startsAt: string; endsAt: string; matchers: string[] };

export type AlertView = {
  name: string;
  state: AlertState;
  severity: string;
  /** The component it is about, or null for the environment as a whole (the Watchdog, a scrape target). */
  component: ComponentName | null;
  /** When Prometheus first saw the condition (pending since, then firing since). */
  since: string;
  summary: string;
  runbookUrl: string | null;
  labels: Record<string, string>;
  /** Active silences muting it in Alertmanager; null when Alertmanager could not be asked. */
  silencedBy: Silence[] | null;
  /** Alerts inhibiting it (a critical twin), by Alertmanager's fingerprint; null when unknown. */
  inhibited: boolean | null;
};

/** Whether each outside system answered; a failure says why, and the rest is still shown. */
export type SourceStatus = { ok: true } | { ok: false; message: string };

export type EnvironmentAlerts = {
  environment: string;
  alerts: AlertView[];
  /** Firing and pending alerts per component (every component listed, zero included). */
  counts: Record<ComponentName, { firing: number; pending: number }>;
  sources: { prometheus: SourceStatus; alertmanager: SourceStatus };
};

// The labels the platform's rules name a component by, in the order a rule's labels are read.
const componentLabels = ['destination_workload', 'deployment', 'scaledObject', 'container', 'destination_service_name'] as const;

export function componentOf(labels: Record<string, string>): ComponentName | null {
  for (const key of componentLabels) {
    const value = labels[key];
    if (value && (componentNames as readonly string[]).includes(value)) return value as ComponentName;
  }
  return null;
}

const severityOrder: Record<string, number> = { critical: 0, warning: 1, info: 2, none: 3 };

/** Firing before pending, then by severity, then the oldest first. */
export function sortAlerts(alerts: AlertView[]): AlertView[] {
  return [...alerts].sort(
    (a, b) =>
      (a.state === b.state ? 0 : a.state === 'firing' ? -1 : 1) ||
      (severityOrder[a.severity] ?? 9) - (severityOrder[b.severity] ?? 9) ||
      a.since.localeCompare(b.since) ||
      a.name.localeCompare(b.name),
  );
}

export function countByComponent(alerts: AlertView[]): EnvironmentAlerts['counts'] {
  const counts = Object.fromEntries(componentNames.map((name) => [name, { firing: 0, pending: 0 }])) as EnvironmentAlerts['counts'];
  for (const alert of alerts) if (alert.component) counts[alert.component][alert.state] += 1;
  return counts;
}

/**
 * Alertmanager's copies of one alert Prometheus' own API lists. Prometheus adds its external labels
 * (the platform's environment and cluster, the operator's `prometheus`) only to the alerts it sends,
 * so a copy carries every label of Prometheus' alert, alertname included, and may carry more. The
 * copies with the fewest extra labels win: an exact copy before one with external labels, and
 * never a more specific alert that happens to include these labels when a closer copy exists.
 */
export function copiesInAlertmanager<T extends { labels: Record<string, string> }>(evaluated: Record<string, string>, sent: readonly T[]): T[] {
  const entries = Object.entries(evaluated);
  const copies = sent.filter((alert) => alert.labels.alertname === evaluated.alertname && entries.every(([name, value]) => alert.labels[name] === value));
  const extra = (alert: T) => Object.keys(alert.labels).length - entries.length;
  const fewest = Math.min(...copies.map(extra));
  return copies.filter((alert) => extra(alert) === fewest);
}

/** Where the console reads an environment's alerts (its spec's observability endpoints). */
export interface AlertSource {
  findAlerts(endpoints: { prometheusUrl: string; alertmanagerUrl: string }, environment: string): Promise<Omit<EnvironmentAlerts, 'counts'>>;
}
