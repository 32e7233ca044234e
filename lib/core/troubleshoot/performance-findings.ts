// Performance: p95 latency and the 5xx ratio against the platform's alert thresholds, CPU use at
// its limit (throttled) and memory near its limit. The PromQL is allow-listed here, label values
// escaped; the use case asks Prometheus and passes the values back. Pure.
import type { ComponentName } from '../environments/environment-spec';
import { escapeLabelValue, ratioOrZero } from '../metrics/metric-charts';
import type { Finding } from './diagnosis';

/**
 * The thresholds of the platform's alert rules (manifests/monitoring/alert-rules.ts:
 * PersonaPassHighLatencyP95, PersonaPassHighErrorRate, PersonaPassElevatedErrorRate,
 * PersonaPassHighCpuUsage, PersonaPassHighMemoryUsage); a test keeps them equal.
 */
export const performanceThresholds = { p95LatencyMs: 500, errorRatioCritical: 0.05, errorRatioWarning: 0.01, cpuOfLimit: 0.9, memoryOfLimit: 0.9 } as const;

export const performanceMeasures = ['p95LatencyMs', 'errorRatio', 'cpuOfLimit', 'memoryOfLimit'] as const;
export type PerformanceMeasure = (typeof performanceMeasures)[number];

/** Serving components answer HTTP through the mesh; the worker only has CPU and memory. */
export function measuresFor(serving: boolean): PerformanceMeasure[] {
  return serving ? [...performanceMeasures] : ['cpuOfLimit', 'memoryOfLimit'];
}

/** The instant query of one measure for one component, over the alert rules' 5-minute window; the highest pod for CPU and memory. */
export function performanceQuery(measure: PerformanceMeasure, namespace: string, component: ComponentName): string {
  const ns = escapeLabelValue(namespace);
  const c = escapeLabelValue(component);
  const mesh = `reporter="destination",destination_workload_namespace="${ns}",destination_workload="${c}"`;
  const pods = `namespace="${ns}",container="${c}"`;
  const limit = (resource: string) => `sum by (pod) (kube_pod_container_resource_limits{${pods},resource="${resource}"})`;
  switch (measure) {
    case 'p95LatencyMs':
      return `histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${mesh}}[5m])))`;
    case 'errorRatio': {
      const rate = (extra: string) => `sum(rate(istio_requests_total{${mesh}${extra}}[5m]))`;
      return ratioOrZero(rate(',response_code=~"5.."'), rate(''));
    }
    case 'cpuOfLimit':
      return `max(sum by (pod) (rate(container_cpu_usage_seconds_total{${pods}}[5m])) / ${limit('cpu')})`;
    case 'memoryOfLimit':
      return `max(sum by (pod) (container_memory_working_set_bytes{${pods}}) / ${limit('memory')})`;
  }
}

/** KEDA's metric of the component's ScaledObject (the scaling check's input). */
export function scalerMetricQuery(namespace: string, component: ComponentName): string {
  return `max by (metric) (keda_scaler_metrics_value{namespace="${escapeLabelValue(namespace)}",scaledObject="${escapeLabelValue(component)}"})`;
}

/** A measure's value now; undefined when Prometheus has no series (no traffic, not scraped). */
export type PerformanceValues = Partial<Record<PerformanceMeasure, number>>;

export function performanceFindings(input: { component: ComponentName; values: PerformanceValues; limits: { cpu: string; memory: string } }): Finding[] {
  const { component, values } = input;
  const t = performanceThresholds;
  const base = { area: 'performance' as const, component };
  const findings: Finding[] = [];
  const p95 = values.p95LatencyMs;
  if (p95 !== undefined && p95 > t.p95LatencyMs) {
    findings.push({ ...base, severity: 'problem', what: `${component}'s p95 latency is ${Math.round(p95)} ms, above the alert threshold of ${t.p95LatencyMs} ms`, evidence: [`p95 over the last 5 minutes: ${Math.round(p95)} ms (PersonaPassHighLatencyP95 fires above ${t.p95LatencyMs} ms for 15 minutes)`], action: 'Look at the slowest traces of the component (the monitoring page) for the slow step: a dependency, a query, or CPU throttling (below).' });
  }
  const errors = values.errorRatio;
  if (errors !== undefined && errors > t.errorRatioWarning) {
    const critical = errors > t.errorRatioCritical;
    findings.push({
      ...base,
      severity: critical ? 'problem' : 'warning',
      what: `${percent(errors)} of ${component}'s requests fail with 5xx, above the ${percent(critical ? t.errorRatioCritical : t.errorRatioWarning)} alert threshold`,
      evidence: [`5xx ratio over the last 5 minutes: ${percent(errors)} (${critical ? 'PersonaPassHighErrorRate' : 'PersonaPassElevatedErrorRate'} fires above ${percent(critical ? t.errorRatioCritical : t.errorRatioWarning)})`],
      action: "Read the component's recent error traces and its logs; a deploy just before the rise is the first suspect (roll it back from the environment page).",
    });
  }
  const cpu = values.cpuOfLimit;
  if (cpu !== undefined && cpu > t.cpuOfLimit) {
    findings.push({ ...base, severity: 'warning', what: `${component} uses ${percent(cpu)} of its CPU limit: it is being throttled`, evidence: [`busiest pod over the last 5 minutes: ${percent(cpu)} of the ${input.limits.cpu} limit (PersonaPassHighCpuUsage fires above ${percent(t.cpuOfLimit)})`], action: `Raise components.${component}.resources.limits.cpu, or let the autoscaler add replicas sooner (a lower CPU target, a higher maximum).` });
  }
  const memory = values.memoryOfLimit;
  if (memory !== undefined && memory > t.memoryOfLimit) {
    findings.push({ ...base, severity: memory > 0.98 ? 'problem' : 'warning', what: `${component} uses ${percent(memory)} of its memory limit: it will be OOM-killed if it grows`, evidence: [`highest pod working set: ${percent(memory)} of the ${input.limits.memory} limit (PersonaPassHighMemoryUsage fires above ${percent(t.memoryOfLimit)})`], action: `Raise components.${component}.resources.limits.memory, or find what grows (the memory chart over 24 h shows a leak as a steady climb).` });
  }
  return findings;
}

const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;
