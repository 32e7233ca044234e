import { describe, expect, it } from 'vitest';
import { promqlExprTest } from '@/lib/test-support/promql-expr-test';
import { unknownMetrics } from '@/manifests/monitoring/metric-vocabulary';
import { chartDefinition, chartsFor, escapeLabelValue, maxPointsPerSeries, metricCharts, metricRanges, rangeWindow } from './metric-charts';

describe('metric chart templates', () => {
  it('escape label values so a value cannot close its string', () => {
    expect(escapeLabelValue('a"} or up{b="')).toBe('a\\"} or up{b=\\"');
    expect(escapeLabelValue('back\\slash\nline')).toBe('back\\\\slash\\nline');
    const { expr } = chartDefinition('memory', { namespace: 'ns"} or vector(1) #' }, '60s');
    expect(expr).toContain('namespace="ns\\"} or vector(1) #"');
    expect(expr.match(/(?<!\\)"/g)!.length % 2).toBe(0);
  });

  it('name only metrics of the platform vocabulary, scoped to the namespace and component', () => {
    for (const chart of metricCharts) {
      const { expr } = chartDefinition(chart, { namespace: 'personapass-dev', component: 'wallet-api' }, '60s');
      expect(unknownMetrics(expr), chart).toEqual([]);
      expect(expr, chart).toContain('"personapass-dev"');
      if (chart !== 'queue-length') expect(expr, chart).toContain('"wallet-api"');
    }
    expect(chartDefinition('request-rate', { namespace: 'n' }, '60s').expr).toContain('reporter="destination"');
  });

  it('offer a worker its queue and autoscaler, and a service its requests and latency', () => {
    expect(chartsFor('credential-worker')).toEqual(['cpu', 'memory', 'replicas', 'autoscaler-metric', 'queue-length']);
    expect(chartsFor('wallet-api')).toEqual(['request-rate', 'error-ratio', 'latency-p50', 'latency-p95', 'latency-p99', 'cpu', 'memory', 'replicas']);
    expect(chartsFor(undefined)).toHaveLength(metricCharts.length);
  });

  it('keep every range at or under the point budget, with windows aligned to the step', () => {
    const now = Date.UTC(2025, 0, 1, 12, 34, 56, 789);
    const steps = metricRanges.map((range) => {
      const w = rangeWindow(range, now);
      expect((w.end - w.start) / w.step + 1, range).toBeLessThanOrEqual(maxPointsPerSeries);
      expect(w.end % w.step).toBe(0);
      expect(now / 1000 - w.end).toBeLessThan(w.step);
      return [range, w.step, (w.end - w.start) / w.step + 1];
    });
    expect(steps).toEqual([['15m', 15, 61], ['1h', 15, 241], ['6h', 30, 721], ['24h', 120, 721], ['7d', 900, 673]]);
    // Two requests within one step ask the same window: one cache entry.
    expect(rangeWindow('1h', now)).toEqual(rangeWindow('1h', now + 1000));
  });
});

// The chart templates evaluated by Prometheus' own engine (promtool test rules) on series shaped as a
// real Istio sidecar exposes them (from the SRE review's probe).
describe('the error-ratio chart', () => {
  const { expr } = chartDefinition('error-ratio', { namespace: 'personapass-dev', component: 'wallet-api' }, rangeWindow('1h', Date.now()).rateWindow);
  const requests = (code: string) => `istio_requests_total{reporter="destination",destination_workload_namespace="personapass-dev",destination_workload="wallet-api",response_code="${code}"}`;
  const evaluate = (input: { series: string; values: string }[], expected: { labels: string; value: number }[]) => promqlExprTest(input, expr, expected, '10m', '15s');

  it('is 0, not "no data", when the sidecar has never seen a 5xx (Istio exports no response_code="5xx" series then)', async () => {
    const out = await evaluate([{ series: requests('200'), values: '0+750x60' }], [{ labels: '{destination_workload="wallet-api"}', value: 0 }]);
    // Before the fix: promtool reported that the expression returned nothing (the 5xx numerator was an empty vector).
    expect(out).toContain('SUCCESS');
  }, 30_000);

  it('is the share of 5xx once there are some', async () => {
    const out = await evaluate(
      [
        { series: requests('200'), values: '0+45x60' },
        { series: requests('503'), values: '0+15x60' },
      ],
      [{ labels: '{destination_workload="wallet-api"}', value: 0.25 }],
    );
    expect(out).toContain('SUCCESS');
  }, 30_000);
});
