import { describe, expect, it } from 'vitest';
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
