/** One series of a range query: its labels and [unix seconds, value] points (NaN dropped). */
export type MetricSeries = { labels: Record<string, string>; points: [number, number][] };

export type RangeQuery = { expr: string; start: number; end: number; step: number };

/**
 * Reads metrics from one environment's Prometheus. Throws Unavailable when it is slow, down or
 * refuses the query, so one chart fails alone.
 */
export interface MetricsSource {
  queryRange(query: RangeQuery): Promise<MetricSeries[]>;
  /** The value of each series now. */
  queryInstant(expr: string, time?: number): Promise<{ labels: Record<string, string>; value: number }[]>;
}

/** The metrics source of each Prometheus, by its base URL: shared limits and cache across requests. */
export interface MetricsSources {
  forUrl(prometheusUrl: string): MetricsSource;
}
