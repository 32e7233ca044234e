import type { RunRecord } from '../deploy/deploy-ports';
import type { ComponentName } from '../environments/environment-spec';
import type { ChartUnit, MetricChart, MetricRange } from './metric-charts';
import type { MetricSeries } from './metrics-source';

// What the metrics route answers and the monitoring pages draw: each chart or its own error, and
// the deploy runs of the window as markers.

export type ChartData = { chart: MetricChart; title: string; unit: ChartUnit; legend: string } & (
  | { status: 'ok'; series: MetricSeries[] }
  | { status: 'unavailable'; error: string }
);

export type DeployMarker = { time: string; runId: string; kind: RunRecord['kind']; revision: number; result: RunRecord['status'] };

export type MetricsAnswer = {
  environment: string;
  component: ComponentName | null;
  range: MetricRange;
  window: { start: number; end: number; step: number };
  charts: ChartData[];
  markers: DeployMarker[];
};
