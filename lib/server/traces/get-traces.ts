import { canReadEnvironments } from '@/lib/core/auth/roles';
import type { ComponentName } from '@/lib/core/environments/environment-spec';
import { errorCode } from '@/lib/core/errors';
import {
  newestTraces,
  slowestTraces,
  summarizeTrace,
  traceSearchLink,
  traceService,
  traceWindow,
  type TraceRange,
  type TraceSearch,
  type TraceSummary,
} from '@/lib/core/traces/traces';
import type { TraceList, TracesAnswer } from '@/lib/core/traces/traces-answer';
import { logger } from '../logger';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { getEnvironment } from '../environments/get-environment';

export type { TraceList, TracesAnswer };

/** Error traces shown, newest first. */
const errorCount = 10;
/** Slowest traces shown, out of the most recent `slowestPool` of the window (Jaeger cannot sort by duration). */
const slowestCount = 5;
const slowestPool = 50;

/**
 * A component's recent error traces and slowest traces from the environment's Jaeger, with links
 * into Jaeger's UI. Each list fails alone: a Jaeger that is slow or down costs its lists, not the page.
 */
export async function getTraces(ctx: UseCaseContext, environment: string, query: { component: ComponentName; range: TraceRange }): Promise<TracesAnswer> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const { spec } = await getEnvironment(ctx, environment);
  const jaegerUrl = spec.observability.jaegerUrl;
  const source = ctx.deps.traces.forUrl(jaegerUrl);
  const service = traceService(query.component);
  const window = traceWindow(query.range, ctx.deps.now().getTime());
  const list = async (search: TraceSearch, pick: (traces: TraceSummary[]) => TraceSummary[]): Promise<TraceList> => {
    try {
      return { status: 'ok', traces: pick((await source.findTraces(search)).map((trace) => summarizeTrace(trace, jaegerUrl))) };
    } catch (error) {
      if (errorCode(error) === undefined) logger.error('trace search failed', { requestId: ctx.requestId, environment, service, error: error instanceof Error ? error.message : String(error) });
      return { status: 'unavailable', error: errorCode(error) !== undefined && error instanceof Error ? error.message : 'the traces could not be read' };
    }
  };
  const [errors, slowest] = await Promise.all([
    list({ service, ...window, limit: errorCount, errorsOnly: true }, // Jaeger's tag filter is not exact (its in-memory store also returned error-free traces
    // whose spans started before the window): only traces with an error span are listed.
    (traces) => newestTraces(traces.filter((trace) => trace.error), errorCount)),
    list({ service, ...window, limit: slowestPool }, (traces) => slowestTraces(traces, slowestCount)),
  ]);
  return {
    environment,
    component: query.component,
    service,
    range: query.range,
    window,
    search: { all: traceSearchLink(jaegerUrl, { service, ...window }), errors: traceSearchLink(jaegerUrl, { service, ...window, errorsOnly: true }) },
    errors,
    slowest,
  };
}
