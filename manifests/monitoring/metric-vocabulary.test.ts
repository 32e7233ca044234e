import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { alertDefinitions } from './alert-rules';
import { dashboardDefinitions } from './dashboards';
import { metricNamesIn, unknownMetrics } from './metric-vocabulary';

const spec = starterSpec('prod', 'production');

describe('metric vocabulary', () => {
  it('finds the metric names of an expression', () => {
    expect(metricNamesIn('sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="a",container!=""}[5m])) / on(pod) up')).toEqual([
      'container_cpu_usage_seconds_total',
      'up',
    ]);
  });

  it('every dashboard panel and annotation queries only metrics of the vocabulary', () => {
    const dashboards = dashboardDefinitions(spec);
    expect(dashboards.map((d) => d.uid)).toEqual([
      'personapass-prod-overview',
      'personapass-prod-application',
      'personapass-prod-mesh',
      'personapass-prod-autoscaling',
      'personapass-prod-security',
    ]);
    for (const panel of dashboards.flatMap((d) => d.panels)) expect(unknownMetrics(panel.expr), panel.title).toEqual([]);
    for (const annotation of dashboards.flatMap((d) => d.annotations ?? [])) expect(unknownMetrics(annotation.expr), annotation.name).toEqual([]);
  });

  it('every alert and its test series use only metrics of the vocabulary', () => {
    for (const alert of alertDefinitions(spec)) {
      expect(unknownMetrics(alert.expr), alert.alert).toEqual([]);
      for (const s of [...alert.test.series, ...(alert.test.quiet?.series ?? [])]) expect(unknownMetrics(s.metric), alert.alert).toEqual([]);
    }
  });
});
