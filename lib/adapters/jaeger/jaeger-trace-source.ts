import { Unavailable } from '@/lib/core/errors';
import type { JaegerTrace, TraceSearch, TraceSource, TraceSources } from '@/lib/core/traces/traces';
import { apiUrl, observabilityFetch, reachFailure, readJson } from '../observability/observability-fetch';
import { perUrl } from '../observability/per-url';
import { maxWaitingPerEndpoint, Semaphore, SemaphoreFull } from '../observability/semaphore';
import { SharedCache } from '../observability/shared-cache';

export type JaegerLimits = {
  /** How long one search may take, including the wait for a free slot. */
  timeoutMs: number;
  /** Searches in flight to one Jaeger at once. */
  concurrency: number;
  /** How long an answer is shared with later identical searches. */
  cacheMs: number;
};

export const defaultJaegerLimits: JaegerLimits = { timeoutMs: 5000, concurrency: 4, cacheMs: 10_000 };

type ApiAnswer = { data: JaegerTrace[] | null; errors: { code: number; msg: string }[] | null };

/** Searches one Jaeger over its query API (/api/traces), the one Jaeger's own UI uses. */
export class JaegerTraceSource implements TraceSource {
  constructor(
    private readonly baseUrl: string,
    private readonly limits: JaegerLimits,
    private readonly slots: Semaphore,
    private readonly cache: SharedCache<JaegerTrace[]>,
  ) {}

  findTraces({ service, start, end, limit, errorsOnly }: TraceSearch): Promise<JaegerTrace[]> {
    const query = new URLSearchParams({
      service,
      start: String(start),
      end: String(end),
      limit: String(limit),
      ...(errorsOnly && { tags: JSON.stringify({ error: 'true' }) }),
    }).toString();
    const url = apiUrl(this.baseUrl, `api/traces?${query}`);
    return this.cache.get(url.toString(), () => this.fetchTraces(url));
  }

  private async fetchTraces(url: URL): Promise<JaegerTrace[]> {
    const signal = AbortSignal.timeout(this.limits.timeoutMs);
    const where = `Jaeger at ${url.host}`;
    let answer: ApiAnswer;
    let status: number;
    try {
      ({ answer, status } = await this.slots.run(async () => {
        signal.throwIfAborted();
        const response = await observabilityFetch(url, { signal, headers: { accept: 'application/json' } });
        // The body is read inside the slot and under the timeout: a Jaeger that sends headers and then stalls counts too.
        return { status: response.status, answer: (await readJson(response)) as ApiAnswer };
      }, { signal }));
    } catch (error) {
      if (error instanceof SemaphoreFull) throw new Unavailable(`${where} is busy: ${error.waiting} requests already wait their turn; try again shortly`);
      if (signal.aborted) throw new Unavailable(`${where} did not answer within ${this.limits.timeoutMs / 1000} s`);
      throw new Unavailable(`${where} cannot be reached (${reachFailure(error, signal)})`);
    }
    if (!answer || typeof answer !== 'object' || !('data' in answer)) throw new Unavailable(`${where} answered ${status}, not a Jaeger query API answer`);
    if (status !== 200 || answer.errors?.length) {
      // Status and error codes only: the errors' text is the other end's and could quote anything.
      const codes = (answer.errors ?? []).map((e) => e.code).filter((code) => Number.isInteger(code));
      throw new Unavailable(`${where} refused the search (status ${status}${codes.length ? `, codes ${codes.join(', ')}` : ''})`);
    }
    return answer.data ?? [];
  }
}

/** One source per Jaeger URL, each with its own concurrency slots, all sharing one cache. */
export class JaegerTraceSources implements TraceSources {
  readonly forUrl: (jaegerUrl: string) => TraceSource;

  constructor(limits: JaegerLimits = defaultJaegerLimits) {
    const cache = new SharedCache<JaegerTrace[]>(limits.cacheMs, 200);
    this.forUrl = perUrl((url) => new JaegerTraceSource(url, limits, new Semaphore(limits.concurrency, maxWaitingPerEndpoint), cache));
  }
}
