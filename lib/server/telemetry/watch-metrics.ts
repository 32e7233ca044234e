import { Counter, Gauge } from 'prom-client';
import type { WatchStatus } from '@/lib/core/live/live-state';
import { consoleMetrics, reservedWatchMetricNames } from './metrics';

// The shared watch caches' health on /metrics, read from LiveState.statuses() when scraped (no
// bookkeeping on the watch path). One series per running cache: labels cluster, kind and
// namespace, bounded by the registered clusters × (the seven namespaced live kinds × the
// environments' namespaces + one cluster-wide Node watch, namespace ""); a cache stopped after its last viewer left drops its series (its counters restart
// from zero if it starts again, which Prometheus reads as a counter reset).

let source: () => WatchStatus[] = () => [];
let clock: () => number = Date.now;

const labelsOf = ({ key }: WatchStatus) => ({ cluster: key.cluster, kind: key.kind, namespace: key.namespace || '(all)' });
const labelNames = ['cluster', 'kind', 'namespace'] as const;

/**
 * Reads the watches' statuses from `statuses` (the process's LiveState) at each scrape. The metrics
 * are registered once per process; a later call only changes where they read from.
 */
export function registerWatchMetrics(statuses: () => WatchStatus[], now: () => number = Date.now): void {
  source = statuses;
  clock = now;
  const { registry } = consoleMetrics();
  if (registry.getSingleMetric(reservedWatchMetricNames[0])) return;
  /** Each running watch's labels and value, read now (a failing source reads as no watches). */
  const measured = (value: (status: WatchStatus) => number | undefined) => {
    let statuses: WatchStatus[];
    try {
      statuses = source();
    } catch {
      statuses = [];
    }
    return statuses.flatMap((status) => {
      const number = value(status);
      return number === undefined ? [] : [{ labels: labelsOf(status), number }];
    });
  };
  const config = (name: string, help: string) => ({ name, help, labelNames, registers: [registry] });
  const gauge = (name: string, help: string, value: (status: WatchStatus) => number | undefined) =>
    new Gauge({
      ...config(name, help),
      collect() {
        this.reset();
        for (const { labels, number } of measured(value)) this.set(labels, number);
      },
    });
  const counter = (name: string, help: string, value: (status: WatchStatus) => number) =>
    new Counter({
      ...config(name, help),
      collect() {
        this.reset();
        for (const { labels, number } of measured(value)) this.inc(labels, number);
      },
    });
  gauge(
    'console_watch_lag_seconds',
    'Seconds since the API server last told a shared watch anything (its list, an event or a bookmark, which a quiet watch gets about once a minute); absent until its first list',
    (status) => (status.lastHeardAt ? Math.max(0, (clock() - Date.parse(status.lastHeardAt)) / 1000) : undefined),
  );
  counter('console_watch_restarts_total', 'Watches restarted because they stayed silent past the deadline', (status) => status.restarts);
  counter('console_watch_relists_total', 'Full lists after the first (410 Gone, an ERROR event, an expired continue token)', (status) => status.relists);
  gauge('console_watch_synced', '1 while a shared watch holds a complete list and follows it, else 0 (syncing, unreachable, forbidden, not served)', (status) => (status.synced ? 1 : 0));
  gauge('console_watch_not_served', '1 when the cluster does not serve the kind (404: its CRD is not installed), else 0', (status) => (status.notServed ? 1 : 0));
}
