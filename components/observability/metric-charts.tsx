import type { ChartData, DeployMarker, MetricsAnswer } from '@/lib/core/metrics/metrics-answer';
import { DateTime } from '@/components/ui/date-time';
import { toChartRows } from './chart-data';
import { LazyMetricChart } from './metric-chart-lazy';
import type { ChartMarker } from './metric-chart';
import { NoData, Unavailable } from './unavailable';

const unitNames: Record<ChartData['unit'], string> = { reqps: 'requests per second', ratio: 'percent of requests', ms: 'milliseconds', cores: 'CPU cores', bytes: 'bytes', count: 'count' };

const runHref = (environment: string, runId: string) => `/environments/${encodeURIComponent(environment)}/runs/${encodeURIComponent(runId)}`;

function markerTitle(marker: DeployMarker): string {
  return `${marker.kind === 'rollback' ? 'Rollback' : 'Deploy'} run of revision ${marker.revision}, ${marker.result}, at ${marker.time.slice(0, 16).replace('T', ' ')} UTC`;
}

export function chartMarkers(environment: string, markers: DeployMarker[]): ChartMarker[] {
  return markers.map((marker) => ({
    t: Math.floor(Date.parse(marker.time) / 1000),
    label: `r${marker.revision}`,
    title: markerTitle(marker),
    href: runHref(environment, marker.runId),
    failed: marker.result === 'failed',
  }));
}

function ChartCard({ chart, markers, window }: { chart: ChartData; markers: ChartMarker[]; window: MetricsAnswer['window'] }) {
  const hasPoints = chart.status === 'ok' && chart.series.some((series) => series.points.length > 0);
  return (
    <section aria-labelledby={`chart-${chart.chart}`} data-chart={chart.chart} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h3 id={`chart-${chart.chart}`} className="text-sm font-semibold">
        {chart.title} <span className="font-normal text-slate-500 dark:text-slate-400">({unitNames[chart.unit]})</span>
      </h3>
      <div className="mt-2">
        {chart.status === 'unavailable' ? (
          <Unavailable reason={chart.error} />
        ) : hasPoints ? (
          <LazyMetricChart title={chart.title} unit={chart.unit} markers={markers} start={window.start} end={window.end} {...toChartRows(chart.series, chart.legend)} />
        ) : (
          <NoData>No data in this range.</NoData>
        )}
      </div>
    </section>
  );
}

/** The charts of an answer, each on its own (one unavailable chart leaves the others drawn), and the deploy runs they mark. */
export function MetricCharts({ answer }: { answer: MetricsAnswer }) {
  const markers = chartMarkers(answer.environment, answer.markers);
  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
        {answer.charts.map((chart) => (
          <ChartCard key={chart.chart} chart={chart} markers={markers} window={answer.window} />
        ))}
      </div>
      <DeployMarkerList environment={answer.environment} markers={answer.markers} />
    </div>
  );
}

/** The deploy runs drawn on the charts, as a list a keyboard or a screen reader can follow. */
function DeployMarkerList({ environment, markers }: { environment: string; markers: DeployMarker[] }) {
  if (!markers.length) return <p className="text-sm text-slate-600 dark:text-slate-400">No deploy runs in this range.</p>;
  return (
    <div className="text-sm">
      <h3 className="font-semibold">Deploy runs on the charts</h3>
      <ul aria-label="Deploy runs on the charts" className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {markers.map((marker) => (
          <li key={marker.runId}>
            <a href={runHref(environment, marker.runId)} className="text-sky-700 hover:underline dark:text-sky-400">
              r{marker.revision} {marker.kind} {marker.result}
            </a>{' '}
            <span className="text-slate-600 dark:text-slate-400">
              <DateTime value={marker.time} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
