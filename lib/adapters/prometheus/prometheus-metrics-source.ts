import { Unavailable } from '@/lib/core/errors';
import type { MetricSeries, MetricsSource, MetricsSources, RangeQuery } from '@/lib/core/metrics/metrics-source';
import { perUrl } from './per-url';
import { Semaphore } from './semaphore';
import { SharedCache } from './shared-cache';

export type PrometheusLimits = {
  /** How long one query may take, including the wait for a free slot. */
  timeoutMs: number;
  /** Queries in flight to one Prometheus at once. */
  concurrency: number;
  /** How long an answer is shared with later identical queries. */
  cacheMs: number;
};

export const defaultPrometheusLimits: PrometheusLimits = { timeoutMs: 5000, concurrency: 4, cacheMs: 10_000 };

type ApiAnswer = { status: 'success' | 'error'; data?: { resultType: string; result: unknown[] }; error?: string; errorType?: string };
type MatrixEntry = { metric: Record<string, string>; values: [number, string][] };
type VectorEntry = { metric: Record<string, string>; value: [number, string] };

/** Queries one Prometheus over its HTTP API (/api/v1/query_range, /api/v1/query). */
export class PrometheusMetricsSource implements MetricsSource {
  constructor(
    private readonly baseUrl: string,
    private readonly limits: PrometheusLimits,
    private readonly slots: Semaphore,
    private readonly cache: SharedCache<ApiAnswer['data']>,
  ) {}

  async queryRange({ expr, start, end, step }: RangeQuery): Promise<MetricSeries[]> {
    const data = await this.ask('/api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) });
    return (data?.result as MatrixEntry[]).map((entry) => ({
      labels: entry.metric,
      points: entry.values.map(([t, v]) => [t, Number(v)] as [number, number]).filter(([, v]) => Number.isFinite(v)),
    }));
  }

  async queryInstant(expr: string, time?: number) {
    const data = await this.ask('/api/v1/query', { query: expr, ...(time === undefined ? {} : { time: String(time) }) });
    return (data?.result as VectorEntry[]).map((entry) => ({ labels: entry.metric, value: Number(entry.value[1]) }));
  }

  private ask(path: string, params: Record<string, string>): Promise<ApiAnswer['data']> {
    const body = new URLSearchParams(params).toString();
    return this.cache.get(`${this.baseUrl}${path}?${body}`, () => this.fetchAnswer(path, body));
  }

  private async fetchAnswer(path: string, body: string): Promise<ApiAnswer['data']> {
    const signal = AbortSignal.timeout(this.limits.timeoutMs);
    const where = `Prometheus at ${new URL(this.baseUrl).host}`;
    let response: Response;
    try {
      response = await this.slots.run(() => {
        signal.throwIfAborted();
        // POST keeps long queries out of URL length limits and out of access logs.
        return fetch(new URL(path, this.baseUrl), { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, signal, redirect: 'error' });
      });
    } catch (error) {
      if (signal.aborted) throw new Unavailable(`${where} did not answer within ${this.limits.timeoutMs / 1000} s`);
      throw new Unavailable(`${where} cannot be reached (${causeOf(error)})`);
    }
    let answer: ApiAnswer;
    try {
      answer = (await response.json()) as ApiAnswer;
    } catch {
      throw new Unavailable(`${where} answered ${response.status} without a Prometheus API body`);
    }
    if (answer.status !== 'success' || !answer.data) throw new Unavailable(`${where} refused the query (${answer.errorType ?? response.status}: ${answer.error ?? 'no reason given'})`);
    return answer.data;
  }
}

/** Why a fetch failed, briefly: the system error code (ECONNREFUSED) when there is one. */
export function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
}

/** One source per Prometheus URL, each with its own concurrency slots, all sharing one cache. */
export class PrometheusMetricsSources implements MetricsSources {
  readonly forUrl: (prometheusUrl: string) => MetricsSource;

  constructor(limits: PrometheusLimits = defaultPrometheusLimits) {
    const cache = new SharedCache<ApiAnswer['data']>(limits.cacheMs, 500);
    this.forUrl = perUrl((url) => new PrometheusMetricsSource(url, limits, new Semaphore(limits.concurrency), cache));
  }
}
