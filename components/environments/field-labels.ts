// Visible labels of the spec form's fields, by field key. The error summary and conflict lists use
// them so people read "wallet-api › CPU limit", not a dotted path.

export const fieldLabels: Record<string, string> = {
  name: 'Name',
  cluster: 'Cluster',
  namespace: 'Namespace',
  tier: 'Tier',
  nodes: 'Nodes',
  'protection.protected': 'Protected',
  'protection.approvalsRequired': 'Approvals required',
  'protection.approvalExpiryHours': 'Approval expiry (hours)',
  'toggles.mtlsStrict': 'mTLS strict',
  'toggles.monitoring': 'Monitoring',
  'toggles.tracingSamplingRatio': 'Tracing sampling ratio',
  'observability.prometheusUrl': 'Prometheus URL',
  'observability.grafanaUrl': 'Grafana URL',
  'observability.grafanaDashboardIds': 'Grafana dashboard ids',
  'observability.jaegerUrl': 'Jaeger URL',
  'observability.alertmanagerUrl': 'Alertmanager URL',
  'observability.deadMansSwitch': "Dead man's switch",
  changeNote: 'Change note',
};

export const componentFieldLabels: Record<string, string> = {
  enabled: 'Enabled',
  'image.repository': 'Image repository',
  'image.ref': 'Tag or digest',
  replicas: 'Replicas',
  'autoscaling.enabled': 'Use autoscaling',
  'autoscaling.minReplicas': 'Autoscaling minimum',
  'autoscaling.maxReplicas': 'Autoscaling maximum',
  'autoscaling.triggers': 'Autoscaling triggers',
  'autoscaling.triggers.requestsPerSecond': 'Requests per second',
  'autoscaling.triggers.queueLength': 'Queue length',
  'autoscaling.triggers.cpuUtilizationPercent': 'CPU utilization (%)',
  'resources.requests.cpu': 'CPU request',
  'resources.requests.memory': 'Memory request',
  'resources.limits.cpu': 'CPU limit',
  'resources.limits.memory': 'Memory limit',
  dependencies: 'External dependencies',
};

const dependencyFieldLabels: Record<string, string> = { name: 'Name', host: 'Host', port: 'Port', cidrs: 'CIDR blocks' };

// components.<name>.dependencies.<i>.<field>[.<j>] → "Dependency i+1 › Name" / "CIDR block j+1".
function dependencyLabel(path: string): string | undefined {
  const match = /^dependencies\.(\d+)(?:\.(name|host|port|cidrs)(?:\.(\d+))?)?$/.exec(path);
  if (!match) return undefined;
  const row = `Dependency ${Number(match[1]) + 1}`;
  if (!match[2]) return row;
  return `${row} › ${match[3] === undefined ? dependencyFieldLabels[match[2]] : `CIDR block ${Number(match[3]) + 1}`}`;
}

/** A readable name for a field key or spec path; falls back to the path itself. */
export function labelForField(key: string): string {
  const component = /^components\.([^.]+)\.(.+)$/.exec(key);
  if (component) {
    const label = componentFieldLabels[component[2]!] ?? dependencyLabel(component[2]!) ?? component[2]!;
    return `${component[1]} › ${label}`;
  }
  return fieldLabels[key] ?? key;
}
