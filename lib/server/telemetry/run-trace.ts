import { randomBytes } from 'node:crypto';
import { logger } from '../logger';

// OpenTelemetry traces of plan and deploy runs, exported over OTLP/HTTP with the JSON encoding
// (POST {endpoint}/v1/traces). Only @opentelemetry/api is installed (as a dependency of others),
// not the SDK or an exporter, and the machine may be offline: a run is one trace with a handful of
// spans, built here and sent once when the run ends, which needs no context propagation and no
// batching processor.
//
// The trace id is the run's (or plan's) uuid without dashes: 16 bytes, as OTLP wants. So the id
// is known from the record alone (the UI links to it without a column), and every attempt of a
// resumed deploy run adds its spans to the same trace.

export type SpanStatus = 'ok' | 'error';
type Attributes = Record<string, string | number | boolean>;

type FinishedSpan = { spanId: string; parentSpanId?: string; name: string; start: bigint; end: bigint; attributes: Attributes; status: SpanStatus; message?: string };

export interface RunSpan {
  readonly spanId: string;
  setAttribute(key: string, value: string | number | boolean): void;
  /** Runs `work` inside a child span, ended (with an error status if it throws) when it settles. */
  child<T>(name: string, work: (span: RunSpan) => Promise<T>, attributes?: Attributes): Promise<T>;
}

export interface RunTrace extends RunSpan {
  readonly traceId: string;
  /** Ends the root span and exports the trace; never throws (telemetry never fails a run). */
  end(status?: SpanStatus, message?: string): Promise<void>;
}

export { traceIdOf } from '@/lib/core/deploy/trace-id';

const now = () => BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);

export type TraceExport = (body: object) => Promise<void>;

/** Where a process's traces go: `export` absent, nothing is recorded or sent. */
export type Tracing = { serviceName: string; export?: TraceExport };

/** POSTs one trace to an OTLP/HTTP collector (`endpoint` is its base URL: OTEL_EXPORTER_OTLP_ENDPOINT). */
export function otlpExporter(endpoint: string): TraceExport {
  const url = `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  return async (body) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`OTLP export answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  };
}

export function startRunTrace(
  name: string,
  tracing: Tracing,
  options: { traceId: string; attributes?: Attributes },
): RunTrace {
  const exporter = tracing.export;
  const finished: FinishedSpan[] = [];
  const spanId = () => randomBytes(8).toString('hex');
  const makeSpan = (id: string, attributes: Attributes): RunSpan => ({
    spanId: id,
    setAttribute: (key, value) => {
      attributes[key] = value;
    },
    child: async (childName, work, childAttributes = {}) => {
      const child = { spanId: spanId(), parentSpanId: id, name: childName, start: now(), attributes: { ...childAttributes } };
      const handle = makeSpan(child.spanId, child.attributes);
      try {
        const result = await work(handle);
        finished.push({ ...child, end: now(), status: 'ok' });
        return result;
      } catch (error) {
        finished.push({ ...child, end: now(), status: 'error', message: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    },
  });
  const root = { spanId: spanId(), name, start: now(), attributes: { ...options.attributes } };
  const rootHandle = makeSpan(root.spanId, root.attributes);
  let ended = false;
  return {
    ...rootHandle,
    traceId: options.traceId,
    end: async (status = 'ok', message) => {
      if (ended || !exporter) return;
      ended = true;
      finished.push({ ...root, end: now(), status, message });
      try {
        await exporter(otlpBody(tracing.serviceName, options.traceId, finished));
      } catch (error) {
        logger.warn('trace export failed', { traceId: options.traceId, error: (error as Error).message });
      }
    },
  };
}

function value(v: string | number | boolean) {
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { stringValue: v };
}

/** The OTLP/JSON ExportTraceServiceRequest for one trace (ids as hex, times as decimal strings). */
export function otlpBody(serviceName: string, traceId: string, spans: FinishedSpan[]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceName } }] },
        scopeSpans: [
          {
            scope: { name: 'personapass-console' },
            spans: spans.map((span) => ({
              traceId,
              spanId: span.spanId,
              ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
              name: span.name,
              kind: 1, // SPAN_KIND_INTERNAL: a run is background work, not a request
              startTimeUnixNano: String(span.start),
              endTimeUnixNano: String(span.end),
              attributes: Object.entries(span.attributes).map(([key, v]) => ({ key, value: value(v) })),
              status: span.status === 'ok' ? { code: 1 } : { code: 2, message: span.message ?? '' },
            })),
          },
        ],
      },
    ],
  };
}
