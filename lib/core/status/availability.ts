import { escapeLabelValue } from '../metrics/metric-charts';
import type { Availability } from './status-contract';

// Availability over a window: 1 − the share of the mesh's requests to the environment answered
// with 5xx, from the same istio_requests_total series the platform's error-rate alerts read.

export const availabilityWindows = ['24h', '7d'] as const;
export type AvailabilityWindow = (typeof availabilityWindows)[number];

export function availabilityQuery(namespace: string, window: AvailabilityWindow): string {
  const mesh = `reporter="destination",destination_workload_namespace="${escapeLabelValue(namespace)}"`;
  const requests = (extra: string) => `sum(increase(istio_requests_total{${mesh}${extra}}[${window}]))`;
  // No 5xx series at all is no error, not no answer.
  return `1 - ((${requests(',response_code=~"5.."')} or vector(0)) / ${requests('')})`;
}

/** What Prometheus answered for availabilityQuery: nothing or NaN means no requests in the window. */
export function availabilityFrom(result: readonly { value: number }[]): Availability {
  const value = result[0]?.value;
  if (value === undefined || !Number.isFinite(value)) return { status: 'no-traffic', ratio: null };
  return { status: 'ok', ratio: Math.min(1, Math.max(0, value)) };
}
