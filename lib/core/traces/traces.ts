import { z } from 'zod';
import type { ComponentName } from '../environments/environment-spec';
import { linkUnder } from '../links';

// Traces of a component from the environment's Jaeger: what the console asks for, what it shows,
// and the links into Jaeger's own UI. Pure; the Jaeger adapter does the asking.

export const traceRanges = ['15m', '1h', '6h', '24h', '7d'] as const;
export type TraceRange = (typeof traceRanges)[number];
export const traceRange = z.enum(traceRanges);
const rangeSeconds: Record<TraceRange, number> = { '15m': 900, '1h': 3600, '6h': 21_600, '24h': 86_400, '7d': 604_800 };

/** One span as Jaeger's query API returns it (times in microseconds). */
export type JaegerSpan = {
  traceID: string;
  spanID: string;
  operationName: string;
  startTime: number;
  duration: number;
  processID: string;
  references?: { refType: string; traceID: string; spanID: string }[];
  tags?: { key: string; value: unknown }[];
};
export type JaegerTrace = { traceID: string; spans: JaegerSpan[]; processes: Record<string, { serviceName: string }> };

/** A search in one service's traces: a window in Unix microseconds, at most `limit` traces. */
export type TraceSearch = { service: string; start: number; end: number; limit: number; errorsOnly?: boolean };

/**
 * Reads traces from one environment's Jaeger. Throws Unavailable when it is slow, down or refuses,
 * so the rest of the page still answers.
 */
export interface TraceSource {
  findTraces(search: TraceSearch): Promise<JaegerTrace[]>;
}

/** The trace source of each Jaeger, by its query URL: shared limits and cache across requests. */
export interface TraceSources {
  forUrl(jaegerUrl: string): TraceSource;
}

export type TraceSummary = {
  traceId: string;
  /** The service and operation of the root span (the span without a parent in this trace). */
  rootService: string;
  rootOperation: string;
  start: string;
  durationMs: number;
  spanCount: number;
  /** Some span carries error=true (OTLP status error). */
  error: boolean;
  /** The trace in Jaeger's UI. */
  url: string;
};

/** The service name a component's traces carry: its OTEL_SERVICE_NAME (manifests/workloads/app-workload.ts). */
export function traceService(component: ComponentName): string {
  return component;
}

/**
 * The window of a range ending now, in Unix microseconds; its end rounded up to the next 10 s, so
 * requests within those 10 s share one answer and the trace that just ended is inside it.
 */
export function traceWindow(range: TraceRange, nowMs: number): { start: number; end: number } {
  const endSeconds = Math.ceil(nowMs / 10_000) * 10;
  return { start: (endSeconds - rangeSeconds[range]) * 1_000_000, end: endSeconds * 1_000_000 };
}

export function traceLink(jaegerUrl: string, traceId: string): string {
  return linkUnder(jaegerUrl, `trace/${encodeURIComponent(traceId)}`);
}

/** Jaeger UI's search page for a service and window (lookback=custom keeps the window), optionally only error traces. */
export function traceSearchLink(jaegerUrl: string, search: { service: string; start: number; end: number; errorsOnly?: boolean }): string {
  return linkUnder(jaegerUrl, 'search', {
    service: search.service,
    start: String(search.start),
    end: String(search.end),
    lookback: 'custom',
    limit: '20',
    ...(search.errorsOnly && { tags: JSON.stringify({ error: 'true' }) }),
  });
}

const isError = (span: JaegerSpan) => (span.tags ?? []).some((tag) => tag.key === 'error' && (tag.value === true || tag.value === 'true'));

/** Duration, root operation and link of one trace. */
export function summarizeTrace(trace: JaegerTrace, jaegerUrl: string): TraceSummary {
  const ids = new Set(trace.spans.map((span) => span.spanID));
  const byStart = [...trace.spans].sort((a, b) => a.startTime - b.startTime);
  // The root: no parent within the trace (a parent outside it, e.g. not yet stored, counts as none).
  const root = byStart.find((span) => !(span.references ?? []).some((ref) => ref.refType === 'CHILD_OF' && ref.traceID === span.traceID && ids.has(ref.spanID))) ?? byStart[0];
  const start = byStart[0]?.startTime ?? 0;
  const end = Math.max(start, ...trace.spans.map((span) => span.startTime + span.duration));
  return {
    traceId: trace.traceID,
    rootService: (root && trace.processes[root.processID]?.serviceName) ?? 'unknown',
    rootOperation: root?.operationName ?? 'unknown',
    start: new Date(start / 1000).toISOString(),
    durationMs: (end - start) / 1000,
    spanCount: trace.spans.length,
    error: trace.spans.some(isError),
    url: traceLink(jaegerUrl, trace.traceID),
  };
}

/** The `count` longest traces, longest first. */
export function slowestTraces(traces: TraceSummary[], count: number): TraceSummary[] {
  return [...traces].sort((a, b) => b.durationMs - a.durationMs || a.traceId.localeCompare(b.traceId)).slice(0, count);
}

/** Newest first. */
export function newestTraces(traces: TraceSummary[], count: number): TraceSummary[] {
  return [...traces].sort((a, b) => b.start.localeCompare(a.start) || a.traceId.localeCompare(b.traceId)).slice(0, count);
}
