// Emits a trace to the local stack's Jaeger over OTLP/HTTP (JSON encoding) and finds it again
// through Jaeger's query API. Used by the integration tests and handy in the demo:
//   npx tsx scripts/stack/emit-trace.ts wallet-api "POST /credentials" --error
import { randomBytes } from "node:crypto";

const host = process.env.PP_HOST ?? "127.0.0.1";
export const otlpHttpUrl = `http://${host}:${process.env.PP_OTLP_HTTP_PORT ?? 54318}`;
export const jaegerQueryUrl = `http://${host}:${process.env.PP_JAEGER_QUERY_PORT ?? 56686}`;

export interface EmitTraceOptions {
  service: string;
  operation?: string;
  error?: boolean;
  attributes?: Record<string, string>;
  /** How long the root span lasts (25 ms unless told). */
  durationMs?: number;
}

export interface JaegerTrace {
  traceID: string;
  spans: { traceID: string; spanID: string; operationName: string; tags: { key: string; value: unknown }[] }[];
  processes: Record<string, { serviceName: string }>;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** Sends one trace (a server span with one child) and returns its id. */
export async function emitTrace({ service, operation = "GET /healthz", error = false, attributes = {}, durationMs = 25 }: EmitTraceOptions) {
  const traceId = hex(16);
  const rootId = hex(8);
  const end = BigInt(Date.now()) * 1_000_000n;
  const start = end - BigInt(durationMs) * 1_000_000n;
  const attrs = Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } }));
  const status = error ? { code: 2, message: "synthetic failure" } : { code: 1 };
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: "personapass-stack" },
            spans: [
              { traceId, spanId: rootId, name: operation, kind: 2, startTimeUnixNano: `${start}`, endTimeUnixNano: `${end}`, attributes: attrs, status },
              { traceId, spanId: hex(8), parentSpanId: rootId, name: "db.query", kind: 3, startTimeUnixNano: `${start + 2_000_000n}`, endTimeUnixNano: `${end - 3_000_000n}`, status: { code: 1 } },
            ],
          },
        ],
      },
    ],
  };
  const res = await fetch(`${otlpHttpUrl}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`OTLP export failed: ${res.status} ${await res.text()}`);
  return { traceId };
}

/** Polls /api/traces?service=... until the trace shows up (the collector batches) or times out. */
export async function findTrace(service: string, traceId: string, timeoutMs = 15_000): Promise<JaegerTrace> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${jaegerQueryUrl}/api/traces?service=${encodeURIComponent(service)}&lookback=1h&limit=100`);
    if (res.ok) {
      const { data } = (await res.json()) as { data: JaegerTrace[] | null };
      const found = data?.find((t) => t.traceID === traceId);
      if (found) return found;
    }
    if (Date.now() > deadline) throw new Error(`trace ${traceId} of ${service} not found in Jaeger within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

if (process.argv[1]?.endsWith("emit-trace.ts")) {
  const [service = "wallet-api", operation] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const { traceId } = await emitTrace({ service, operation, error: process.argv.includes("--error") });
  await findTrace(service, traceId);
  console.log(`${jaegerQueryUrl}/api/traces/${traceId}`);
}
