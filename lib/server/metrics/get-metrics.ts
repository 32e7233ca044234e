import { canReadEnvironments } from '@/lib/core/auth/roles';
import type { ComponentName } from '@/lib/core/environments/environment-spec';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import { errorCode } from '@/lib/core/errors';
import { chartDefinition, chartsFor, rangeWindow, type MetricChart, type MetricRange } from '@/lib/core/metrics/metric-charts';
import type { ChartData, DeployMarker, MetricsAnswer } from '@/lib/core/metrics/metrics-answer';
import { logger } from '../logger';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { getEnvironment } from '../environments/get-environment';

export type { ChartData, DeployMarker, MetricsAnswer };

/**
 * Charts of an environment (or one of its components) over a range, each queried from the
 * environment's Prometheus on its own: a chart whose query fails says why, the others still answer.
 */
export async function getMetrics(
  ctx: UseCaseContext,
  environment: string,
  query: { range: MetricRange; component?: ComponentName; chart?: MetricChart },
): Promise<MetricsAnswer> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const { spec } = await getEnvironment(ctx, environment);
  const window = rangeWindow(query.range, ctx.deps.now().getTime());
  const source = ctx.deps.metrics.forUrl(spec.observability.prometheusUrl);
  const scope = { namespace: platformNamespaces(spec).app, component: query.component };
  const charts = query.chart ? [query.chart] : chartsFor(query.component);
  const [data, markers] = await Promise.all([
    Promise.all(
      charts.map(async (chart): Promise<ChartData> => {
        const { expr, ...definition } = chartDefinition(chart, scope, window.rateWindow);
        try {
          return { ...definition, status: 'ok', series: await source.queryRange({ expr, start: window.start, end: window.end, step: window.step }) };
        } catch (error) {
          if (errorCode(error) === undefined) logger.error('metrics query failed', { requestId: ctx.requestId, environment, chart, error: error instanceof Error ? error.message : String(error) });
          return { ...definition, status: 'unavailable', error: errorCode(error) !== undefined && error instanceof Error ? error.message : 'the chart could not be read' };
        }
      }),
    ),
    deployMarkers(ctx, environment, new Date(window.start * 1000)),
  ]);
  return { environment, component: query.component ?? null, range: query.range, window: { start: window.start, end: window.end, step: window.step }, charts: data, markers };
}

const markerPages = 5;

/** The environment's deploy and rollback runs since `since`, oldest first (at most five pages of them). */
async function deployMarkers(ctx: UseCaseContext, environment: string, since: Date): Promise<DeployMarker[]> {
  const markers: DeployMarker[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < markerPages; page++) {
    const { items, nextCursor } = await ctx.deps.runs.findRuns(environment, { limit: 100, cursor });
    for (const run of items) {
      const at = run.finishedAt ?? run.startedAt ?? run.createdAt;
      if (at >= since) markers.push({ time: at.toISOString(), runId: run.id, kind: run.kind, revision: run.revisionNumber, result: run.status });
    }
    // Newest first: once a page starts before the window, older pages are outside it too.
    if (!nextCursor || items.some((run) => run.createdAt < since)) break;
    cursor = nextCursor;
  }
  return markers.sort((a, b) => a.time.localeCompare(b.time));
}
