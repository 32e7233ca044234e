import type { AlertView } from '../alerts/alerts';
import type { EnvironmentHealth } from '../health/environment-health';
import type { Availability, ComponentStatus, OverallStatus, StatusPage } from './status-contract';

// A stakeholder's view of an environment: plain words per component, never the internals the
// health verdict reasons with (pod and node names, namespaces, addresses, labels). Pure.

export type StatusPageInput = {
  health: EnvironmentHealth;
  /** The environment's alerts, or null when they could not be read (the health says why). */
  alerts: readonly AlertView[] | null;
  /** Namespaces of the environment: never shown, removed from anything that might carry them. */
  namespaces: readonly string[];
  lastDeployAt: Date | null;
  availability: { '24h': Availability; '7d': Availability };
  /** Why availability could not be read, when it could not. */
  availabilityProblem: string | null;
  now: Date;
};

const componentLabels: Record<string, string> = {
  'identity-service': 'Identity service',
  'wallet-api': 'Wallet API',
  'credential-worker': 'Credential worker',
};
export const componentLabel = (name: string) => componentLabels[name] ?? name;

const componentSummaries: Record<ComponentStatus, string> = {
  operational: 'Working normally',
  degraded: 'Working, with reduced capacity or some errors',
  outage: 'Not available',
  'scaled-to-zero': 'Idle; starts when work arrives',
  unknown: 'Its state cannot be read right now',
};

const headlines: Record<OverallStatus, string> = {
  operational: 'All systems operational',
  degraded: 'Some systems are degraded',
  outage: 'Service outage',
  unknown: 'Status unknown',
};

/** Pods asked for and none of them serving. */
const outage = (view: EnvironmentHealth['components'][number]) => view.replicas.desired > 0 && view.replicas.available === 0;

function componentStatus(view: EnvironmentHealth['components'][number]): ComponentStatus {
  switch (view.status) {
    case 'Healthy':
      return view.alerts.critical > 0 ? 'degraded' : 'operational';
    case 'Progressing':
      // Converging is normal (a rollout, a scale-up), but not below what was asked: fewer available
      // than desired is reduced capacity, none at all an outage whatever the verdict says.
      if (outage(view)) return 'outage';
      return view.alerts.critical > 0 || view.replicas.available < view.replicas.desired ? 'degraded' : 'operational';
    case 'Degraded':
      return outage(view) ? 'outage' : 'degraded';
    case 'Scaled to zero':
      return 'scaled-to-zero';
    default:
      return 'unknown';
  }
}

const rank: Record<ComponentStatus, number> = { operational: 0, 'scaled-to-zero': 0, unknown: 1, degraded: 2, outage: 3 };

function overall(components: ComponentStatus[], reachable: boolean, incidents: number): OverallStatus {
  if (!reachable || components.length === 0) return 'unknown';
  const worst = components.reduce((a, b) => (rank[b] > rank[a] ? b : a), 'operational' as ComponentStatus);
  if (worst === 'outage') return 'outage';
  if (worst === 'degraded' || worst === 'unknown' || incidents > 0) return 'degraded';
  return 'operational';
}

const ipAddress = /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b|\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b/gi;
// Labels that name what stakeholders see anyway (the component, the alert); every other value is internal.
const publicLabels = new Set(['alertname', 'severity', 'component', 'destination_workload', 'destination_service_name', 'deployment', 'container', 'job', 'team']);

/**
 * An alert's summary with the internals it may carry removed: the environment's namespaces, the
 * values of labels that are not the component's or the alert's (pod, node, instance, ...), and IP
 * addresses.
 */
export function publicAlertSummary(alert: Pick<AlertView, 'summary' | 'labels' | 'component'>, namespaces: readonly string[]): string {
  const instance = alert.component ? `an instance of ${componentLabel(alert.component)}` : 'an instance';
  let text = alert.summary;
  const hidden = Object.entries(alert.labels)
    .filter(([key, value]) => !publicLabels.has(key) && value.length >= 3)
    .map(([, value]) => value);
  for (const value of [...namespaces, ...hidden].sort((a, b) => b.length - a.length)) {
    text = text.split(`${value}/`).join('').split(value).join(namespaces.includes(value) ? 'the environment' : instance);
  }
  return text.replace(ipAddress, 'an address').trim() || 'A critical alert is firing';
}

/** "PersonaPassHighErrorRate" → "High error rate". */
export function publicAlertName(name: string): string {
  const words = name.replace(/^PersonaPass/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1).toLowerCase() : name;
}

export function statusPageFrom(input: StatusPageInput): StatusPage {
  const reachable = input.health.cluster.state === 'reachable';
  const components = input.health.components.map((view) => {
    const status = reachable ? componentStatus(view) : 'unknown';
    return { name: componentLabel(view.name), status, summary: componentSummaries[status], version: reachable ? view.version : null };
  });
  const incidents = (input.alerts ?? [])
    .filter((alert) => alert.state === 'firing' && alert.severity === 'critical')
    .map((alert) => ({ name: publicAlertName(alert.name), summary: publicAlertSummary(alert, input.namespaces), since: alert.since || null }));
  const status = overall(
    components.map((c) => c.status),
    reachable,
    incidents.length,
  );
  const notes: string[] = [];
  if (input.health.cluster.state === 'forbidden') notes.push('The platform refuses to let the console read its state right now; component states are unknown.');
  else if (!reachable) notes.push('The platform cannot be reached right now; component states are unknown.');
  if (input.alerts === null) notes.push('Current incidents cannot be read right now.');
  if (input.availabilityProblem) notes.push('Availability figures are unavailable right now.');
  return {
    environment: input.health.environment,
    status,
    headline: headlines[status],
    generatedAt: input.now.toISOString(),
    components,
    lastDeployAt: input.lastDeployAt?.toISOString() ?? null,
    availability: input.availability,
    incidents,
    notes,
  };
}
