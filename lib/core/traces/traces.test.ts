import { describe, expect, it } from 'vitest';
import { slowestTraces, summarizeTrace, traceLink, traceSearchLink, traceWindow, type JaegerTrace } from './traces';

const trace: JaegerTrace = {
  traceID: 'abc',
  processes: { p1: { serviceName: 'identity-service' }, p2: { serviceName: 'wallet-api' } },
  spans: [
    { traceID: 'abc', spanID: 'child', operationName: 'db.query', startTime: 1_000_500, duration: 1_000, processID: 'p2', references: [{ refType: 'CHILD_OF', traceID: 'abc', spanID: 'root' }] },
    { traceID: 'abc', spanID: 'root', operationName: 'POST /credentials', startTime: 1_000_000, duration: 2_000, processID: 'p2', tags: [{ key: 'error', value: true }] },
    // A span that ends after the root (a message consumed later) stretches the trace.
    { traceID: 'abc', spanID: 'late', operationName: 'consume', startTime: 1_001_000, duration: 9_000, processID: 'p1', references: [{ refType: 'FOLLOWS_FROM', traceID: 'abc', spanID: 'root' }] },
  ],
};

describe('summarizeTrace', () => {
  it('names the root span, spans the whole trace and links into Jaeger', () => {
    expect(summarizeTrace(trace, 'https://ops.example.com/jaeger')).toEqual({
      traceId: 'abc',
      rootService: 'wallet-api',
      rootOperation: 'POST /credentials',
      start: new Date(1000).toISOString(),
      durationMs: 10,
      spanCount: 3,
      error: true,
      url: 'https://ops.example.com/jaeger/trace/abc',
    });
  });

  it('takes the earliest span as root when every span has a parent it does not hold', () => {
    const orphan = { ...trace, spans: trace.spans.map((s) => ({ ...s, references: [{ refType: 'CHILD_OF', traceID: 'abc', spanID: 'elsewhere' }] })) };
    expect(summarizeTrace(orphan, 'http://127.0.0.1:56686').rootOperation).toBe('POST /credentials');
  });
});

describe('links and windows', () => {
  it('escapes the trace id and keeps the search window', () => {
    expect(traceLink('http://j:16686/', 'a/../b')).toBe('http://j:16686/trace/a%2F..%2Fb');
    const search = new URL(traceSearchLink('http://j:16686', { service: 'wallet-api', start: 1, end: 2, errorsOnly: true }));
    expect(Object.fromEntries(search.searchParams)).toEqual({ service: 'wallet-api', start: '1', end: '2', lookback: 'custom', limit: '20', tags: '{"error":"true"}' });
  });

  it('ends the window at the next 10 s, so the trace that just ended is inside', () => {
    expect(traceWindow('15m', 1_700_000_001_234)).toEqual({ start: (1_700_000_010 - 900) * 1_000_000, end: 1_700_000_010 * 1_000_000 });
  });

  it('orders the slowest first', () => {
    const summary = (traceId: string, durationMs: number) => ({ ...summarizeTrace(trace, 'http://j'), traceId, durationMs });
    expect(slowestTraces([summary('a', 1), summary('b', 3), summary('c', 2)], 2).map((t) => t.traceId)).toEqual(['b', 'c']);
  });
});
