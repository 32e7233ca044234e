import { z } from 'zod';
import { componentNames, type ComponentName } from '../environments/environment-spec';

// The charts the console draws, as allow-listed PromQL templates. The browser names a chart, a
// range and a component; only these templates, filled with escaped label values, reach Prometheus.

export const metricCharts = [
  'request-rate',
  'error-ratio',
  'latency-p50',
  'latency-p95',
  'latency-p99',
  'cpu',
  'memory',
  'replicas',
  'autoscaler-metric',
  'queue-length',
] as const;
export type MetricChart = (typeof metricCharts)[number];
export const metricChart = z.enum(metricCharts);

export const metricRanges = ['15m', '1h', '6h', '24h', '7d'] as const;
export type MetricRange = (typeof metricRanges)[number];
export const metricRange = z.enum(metricRanges);

const rangeSeconds: Record<MetricRange, number> = { '15m': 900, '1h': 3600, '6h': 21_600, '24h': 86_400, '7d': 604_800 };

/** The most points one series of a chart may have. */
export const maxPointsPerSeries = 1000;

export type ChartUnit = 'reqps' | 'ratio' | 'ms' | 'cores' | 'bytes' | 'count';

/** Where a chart looks: the environment's application namespace, and one component or all of them. */
export type ChartScope = { namespace: string; component?: ComponentName };

export type ChartDefinition = { chart: MetricChart; title: string; unit: ChartUnit; expr: string; legend: string };

/**
 * A label value inside a double-quoted PromQL string: backslash, quote and newline escaped, so a
 * value can never close the string and add matchers or operators.
 */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const matcher = (label: string, value: string) => `${label}="${escapeLabelValue(value)}"`;

/**
 * `part / whole`, both aggregated the same way, with a missing `part` read as 0 wherever `whole`
 * has a series. A counter series exists only once it has counted something: a real Istio sidecar
 * exports no response_code="5xx" series until the first 5xx, so a plain division is empty (no
 * data, not 0) for a healthy service.
 */
export function ratioOrZero(part: string, whole: string): string {
  return `(${part} or 0 * ${whole}) / ${whole}`;
}

/** The PromQL of one chart for a scope: every label value escaped. */
export function chartDefinition(chart: MetricChart, scope: ChartScope, rateWindow: string): ChartDefinition {
  const ns = scope.namespace;
  const mesh = [matcher('reporter', 'destination'), matcher('destination_workload_namespace', ns), ...(scope.component ? [matcher('destination_workload', scope.component)] : [])].join(',');
  const pods = [matcher('namespace', ns), 'container!=""', ...(scope.component ? [matcher('container', scope.component)] : [])].join(',');
  const deployment = [matcher('namespace', ns), ...(scope.component ? [matcher('deployment', scope.component)] : [])].join(',');
  const scaledObject = [matcher('namespace', ns), ...(scope.component ? [matcher('scaledObject', scope.component)] : [])].join(',');
  const rps = (extra = '') => `sum by (destination_workload) (rate(istio_requests_total{${mesh}${extra}}[${rateWindow}]))`;
  const quantile = (q: number) =>
    `histogram_quantile(${q}, sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{${mesh}}[${rateWindow}])))`;
  const workload = '{{destination_workload}}';
  switch (chart) {
    case 'request-rate':
      return { chart, title: 'Requests per second', unit: 'reqps', expr: rps(), legend: workload };
    case 'error-ratio':
      return { chart, title: '5xx ratio', unit: 'ratio', expr: ratioOrZero(rps(',response_code=~"5.."'), rps()), legend: workload };
    case 'latency-p50':
      return { chart, title: 'p50 latency', unit: 'ms', expr: quantile(0.5), legend: workload };
    case 'latency-p95':
      return { chart, title: 'p95 latency', unit: 'ms', expr: quantile(0.95), legend: workload };
    case 'latency-p99':
      return { chart, title: 'p99 latency', unit: 'ms', expr: quantile(0.99), legend: workload };
    case 'cpu':
      return { chart, title: 'CPU used (cores)', unit: 'cores', expr: `sum by (container) (rate(container_cpu_usage_seconds_total{${pods}}[${rateWindow}]))`, legend: '{{container}}' };
    case 'memory':
      return { chart, title: 'Memory working set', unit: 'bytes', expr: `sum by (container) (container_memory_working_set_bytes{${pods}})`, legend: '{{container}}' };
    case 'replicas':
      return {
        chart,
        title: 'Replicas (desired, available)',
        unit: 'count',
        expr: `label_replace(sum by (deployment) (kube_deployment_spec_replicas{${deployment}}), "state", "desired", "", "") or label_replace(sum by (deployment) (kube_deployment_status_replicas_available{${deployment}}), "state", "available", "", "")`,
        legend: '{{deployment}} {{state}}',
      };
    case 'autoscaler-metric':
      return { chart, title: 'Autoscaler metric', unit: 'count', expr: `max by (scaledObject, metric) (keda_scaler_metrics_value{${scaledObject}})`, legend: '{{scaledObject}} {{metric}}' };
    case 'queue-length':
      return { chart, title: 'task_queue length', unit: 'count', expr: `sum(redis_key_size{${matcher('namespace', ns)},key="task_queue"})`, legend: 'task_queue' };
  }
}

/** The charts that mean something for a component (a worker serves no requests; only the worker has a queue). */
export function chartsFor(component: ComponentName | undefined): MetricChart[] {
  if (component === undefined) return [...metricCharts];
  const serving = component !== 'credential-worker';
  return metricCharts.filter((chart) => {
    if (['request-rate', 'error-ratio', 'latency-p50', 'latency-p95', 'latency-p99'].includes(chart)) return serving;
    if (chart === 'autoscaler-metric' || chart === 'queue-length') return !serving;
    return true;
  });
}

export const chartComponent = z.enum(componentNames);

export type RangeWindow = { start: number; end: number; step: number; rateWindow: string };

/** Steps Prometheus is asked for: round numbers, so neighbouring requests share a bucket. */
const steps = [15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/**
 * The window of a range ending now (Unix seconds): its end rounded down to the step, so every
 * request within one step asks the same query (one cache entry), with the smallest round step that
 * keeps a series at or under maxPointsPerSeries points. The rate window spans at least four
 * scrapes and one step, so no sample falls between points.
 */
export function rangeWindow(range: MetricRange, nowMs: number): RangeWindow {
  const seconds = rangeSeconds[range];
  const step = steps.find((s) => seconds / s + 1 <= maxPointsPerSeries) ?? steps[steps.length - 1]!;
  const end = Math.floor(nowMs / 1000 / step) * step;
  const rateWindow = `${Math.max(60, step * 2)}s`;
  return { start: end - seconds, end, step, rateWindow };
}
