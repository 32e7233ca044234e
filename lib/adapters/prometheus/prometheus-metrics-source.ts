import { Unavailable } from '@/lib/core/errors';
import type { MetricSeries, MetricsSource, MetricsSources, RangeQuery } from '@/lib/core/metrics/metrics-source';
import { apiUrl, observabilityFetch, reachFailure, readJson } from '../observability/observability-fetch';
import { perUrl } from '../observability/per-url';
import { maxWaitingPerEndpoint, Semaphore, SemaphoreFull } from '../observability/semaphore';
import { SharedCache } from '../observability/shared-cache';

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
    const data = await this.ask('api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) });
    return (data?.result as MatrixEntry[]).map((entry) => ({
      labels: entry.metric,
      points: entry.values.map(([t, v]) => [t, Number(v)] as [number, number]).filter(([, v]) => Number.isFinite(v)),
    }));
  }

  async queryInstant(expr: string, time?: number) {
    const data = await this.ask('api/v1/query', { query: expr, ...(time === undefined ? {} : { time: String(time) }) });
    return (data?.result as VectorEntry[]).map((entry) => ({ labels: entry.metric, value: Number(entry.value[1]) }));
  }

  private ask(path: string, params: Record<string, string>): Promise<ApiAnswer['data']> {
    const body = new URLSearchParams(params).toString();
    // A Prometheus served under a path prefix (--web.route-prefix, an ingress) keeps it.
    const url = apiUrl(this.baseUrl, path);
    return this.cache.get(`${url}?${body}`, () => this.fetchAnswer(url, body));
  }

  private async fetchAnswer(url: URL, body: string): Promise<ApiAnswer['data']> {
    const signal = AbortSignal.timeout(this.limits.timeoutMs);
    const where = `Prometheus at ${url.host}`;
    let answer: ApiAnswer | undefined;
    let status: number;
    try {
      ({ answer, status } = await this.slots.run(async () => {
        signal.throwIfAborted();
        // POST keeps long queries out of URL length limits and out of access logs.
        const response = await observabilityFetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, signal });
        // The body is read inside the slot and under the timeout; what it says is never quoted back.
        return { status: response.status, answer: (await readJson(response)) as ApiAnswer | undefined };
      }, { signal }));
    } catch (error) {
      if (error instanceof SemaphoreFull) throw new Unavailable(`${where} is busy: ${error.waiting} requests already wait their turn; try again shortly`);
      if (signal.aborted) throw new Unavailable(`${where} did not answer within ${this.limits.timeoutMs / 1000} s`);
      throw new Unavailable(`${where} cannot be reached (${reachFailure(error, signal)})`);
    }
    if (!answer || typeof answer !== 'object' || (answer.status !== 'success' && answer.status !== 'error')) {
      throw new Unavailable(`${where} answered ${status}, not a Prometheus API answer`);
    }
    if (answer.status !== 'success' || !answer.data) throw new Unavailable(`${where} refused the query (status ${status}${errorTypeOf(answer)})`);
    return answer.data;
  }
}

/** Prometheus' errorType (bad_data, timeout, execution, ...) when it is one; never its free-text error, which could quote anything. */
function errorTypeOf(answer: ApiAnswer): string {
  return typeof answer.errorType === 'string' && /^[a-z_]{1,32}$/.test(answer.errorType) ? `, ${answer.errorType}` : '';
}

/** One source per Prometheus URL, each with its own concurrency slots, all sharing one cache. */
export class PrometheusMetricsSources implements MetricsSources {
  readonly forUrl: (prometheusUrl: string) => MetricsSource;

  constructor(limits: PrometheusLimits = defaultPrometheusLimits) {
    const cache = new SharedCache<ApiAnswer['data']>(limits.cacheMs, 500);
    this.forUrl = perUrl((url) => new PrometheusMetricsSource(url, limits, new Semaphore(limits.concurrency, maxWaitingPerEndpoint), cache));
  }
}
