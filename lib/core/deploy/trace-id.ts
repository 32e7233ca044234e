/**
 * The OpenTelemetry trace id of a plan or deploy run: its uuid without dashes (16 bytes as 32 hex
 * digits, what OTLP and Jaeger use). Derived, not stored: every attempt of a resumed run joins the
 * same trace, and a link to Jaeger needs only the record.
 */
export const traceIdOf = (uuid: string): string => uuid.replaceAll('-', '').toLowerCase();
