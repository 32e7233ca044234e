import { escapeLabelValue } from '../metrics/metric-charts';
import type { Availability } from './status-contract';

// Availability over a window: 1 − the share of the requests to the environment's services answered
// with 5xx, from the mesh's istio_requests_total.
//
// Counted where the callers see it: what the callers' proxies (the ingress gateway, other sidecars)
// report (reporter="source"), since a 503 a caller's Envoy makes itself (no healthy upstream when
// every pod is gone: UH; circuit breaker open: UO) never reaches a destination sidecar, and with no
// host picked it carries no destination workload or namespace: only destination_service (the
// Service's FQDN) still says where it was going. A service no meshed caller reports on (callers
// outside the mesh, the local stack's synthetic traffic) is counted from its own sidecars'
// reporter="destination" series instead: per service one or the other, never both.
//
// Both figures are read from the platform's recording rules (a 5-minute rate per namespace and
// service, availabilityRecordingRules), never from the raw series: the choice between callers' and
// sidecars' reports is made per service at each 5-minute step, so the 24 h and 7-day figures count
// alike (a choice over the whole window would drop a service's sidecar-reported errors once any meshed
// caller appeared in it), and 7 days of raw samples are never read. They cover what Prometheus
// recorded, since the rules were loaded and as far back as its retention keeps (24 h in development).

export const availabilityWindows = ['24h', '7d'] as const;
export type AvailabilityWindow = (typeof availabilityWindows)[number];

const fiveHundreds = ',response_code=~"5.."';

/** The recorded series: per namespace and service, the 5-minute request rate, all and 5xx. */
export const availabilityRecords = { requests: 'namespace_service:istio_requests:rate5m', errors: 'namespace_service:istio_requests_5xx:rate5m' } as const;

/**
 * Every namespace's requests per service as reporter, labelled `namespace`: for the callers' reports
 * taken from the Service's FQDN (their destination namespace reads "unknown" when no host was picked).
 */
function everyNamespace(reporter: 'source' | 'destination', extra: string): string {
  const rate = `rate(istio_requests_total{reporter="${reporter}"${extra}}[5m])`;
  const labelled =
    reporter === 'source'
      ? `label_replace(sum by (destination_service, destination_service_name) (${rate}), "namespace", "$1", "destination_service", "[^.]+[.]([^.]+)[.]svc[.]cluster[.]local")`
      : `label_replace(sum by (destination_workload_namespace, destination_service_name) (${rate}), "namespace", "$1", "destination_workload_namespace", "(.+)")`;
  return `sum by (namespace, destination_service_name) (${labelled})`;
}

/**
 * The recording rules the platform renders (each environment's PrometheusRule; the local Prometheus
 * loads them once): per namespace and service, the 5-minute request rate, all and 5xx, as the
 * callers report them where there are any at that step, else the service's sidecars; availabilityQuery
 * sums them over its window.
 * Every namespace, not only the environment's: a Prometheus holds only what it scrapes.
 */
export function availabilityRecordingRules(): Array<{ record: string; expr: string }> {
  const on = 'on (namespace, destination_service_name)';
  return [
    { record: availabilityRecords.requests, expr: `${everyNamespace('source', '')} or ${everyNamespace('destination', '')}` },
    {
      record: availabilityRecords.errors,
      expr: `${everyNamespace('source', fiveHundreds)} or (${everyNamespace('destination', fiveHundreds)} unless ${on} ${everyNamespace('source', '')})`,
    },
  ];
}

export function availabilityQuery(namespace: string, window: AvailabilityWindow): string {
  // Equal steps (the rules' evaluation interval): the sums of the rates weigh every step alike.
  const recorded = (name: string) => `sum(sum_over_time(${name}{namespace="${escapeLabelValue(namespace)}"}[${window}]))`;
  // No 5xx series at all is no error, not no answer.
  return `1 - ((${recorded(availabilityRecords.errors)} or vector(0)) / ${recorded(availabilityRecords.requests)})`;
}

/**
 * When the recorded figures of the namespace start within the 7 days (unix seconds, at 5-minute
 * steps): a Prometheus that keeps less (24 h in development), or began recording since, covers only
 * part of the window. One answer serves both windows (availabilityFrom compares it with each one's start).
 */
export function availabilityCoverageQuery(namespace: string): string {
  const recorded = `${availabilityRecords.requests}{namespace="${escapeLabelValue(namespace)}"}`;
  // Recorded for less than a step so far: its latest sample is all there is.
  return `min(min_over_time(timestamp(${recorded})[7d:5m])) or min(timestamp(${recorded}))`;
}

/** Coverage shorter than the window by more than this is said; less is the rules' own lag. */
const coverageSlackMs = 60 * 60 * 1000;

/**
 * What Prometheus answered for availabilityQuery: nothing or NaN means no requests in the window.
 * With the answer of availabilityCoverageQuery, the figure says when it starts if that is well
 * after the window's start.
 */
export function availabilityFrom(result: readonly { value: number }[], coverage?: { windowStart: Date; result: readonly { value: number }[] }): Availability {
  const value = result[0]?.value;
  if (value === undefined || !Number.isFinite(value)) return { status: 'no-traffic', ratio: null };
  const first = coverage?.result[0]?.value;
  const partial = coverage && first !== undefined && Number.isFinite(first) && first * 1000 > coverage.windowStart.getTime() + coverageSlackMs;
  return { status: 'ok', ratio: Math.min(1, Math.max(0, value)), ...(partial ? { coveredSince: new Date(first * 1000).toISOString() } : {}) };
}
