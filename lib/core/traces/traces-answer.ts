import type { ComponentName } from '../environments/environment-spec';
import type { TraceRange, TraceSummary } from './traces';

// What the traces route answers and the monitoring pages list: each list or its own error.

export type TraceList = { status: 'ok'; traces: TraceSummary[] } | { status: 'unavailable'; error: string };

export type TracesAnswer = {
  environment: string;
  component: ComponentName;
  service: string;
  range: TraceRange;
  /** Unix microseconds, as Jaeger counts. */
  window: { start: number; end: number };
  /** Jaeger UI's search pages for this service and window. */
  search: { all: string; errors: string };
  errors: TraceList;
  slowest: TraceList;
};
