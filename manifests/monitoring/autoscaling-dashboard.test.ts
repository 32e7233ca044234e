import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { panelExpr, promqlExprTest } from '@/lib/test-support/promql-expr-test';
import { prodObjects } from '../validate/fixtures';
import { dashboardDefinitions } from './dashboards';
import { type ExposedSeries, scrapedLabels, seriesText } from './scrape';

// Scaling events in the autoscaling dashboard, evaluated by the real promtool (promql_expr_test)
// over the series a real scrape stores: kube-state-metrics' view of the HPA KEDA makes for each
// ScaledObject (keda-hpa-<name>), and KEDA's own keda_scaler_active.
const spec = starterSpec('prod', 'production');
const objects = prodObjects();

const stored = (exposed: ExposedSeries) => {
  const labels = scrapedLabels(objects, exposed);
  if (!labels) throw new Error(`nothing scrapes ${exposed.metric} from ${exposed.scrape}`);
  return { series: seriesText(labels), values: exposed.values };
};
const desired = (namespace: string, hpa: string, values: string) =>
  stored({ scrape: 'kube-state-metrics', metric: 'kube_horizontalpodautoscaler_status_desired_replicas', labels: { namespace, horizontalpodautoscaler: hpa }, values });
const active = (scaledObject: string, scaler: string, values: string) =>
  stored({ scrape: 'keda-operator', metric: 'keda_scaler_active', labels: { namespace: 'personapass-prod', scaledObject, scaler, triggerIndex: '0', metric: `s0-${scaler}`, type: 'scaledobject' }, values });

// credential-worker's HPA wants 2 replicas, then 5 at minute 12 and 8 at minute 13 (its queue scaler
// turned active at minute 12); wallet-api's stays at 3. Another environment's HPA and an HPA KEDA did
// not make change too, and must not show.
const input = [
  desired('personapass-prod', 'keda-hpa-credential-worker', '2x11 5 8x7'),
  desired('personapass-prod', 'keda-hpa-wallet-api', '3x20'),
  desired('personapass-prod', 'hand-made', '1x11 4x8'),
  desired('personapass-staging', 'keda-hpa-credential-worker', '1x11 6x8'),
  active('credential-worker', 'task-queue-length', '0x11 1x8'),
  active('wallet-api', 'requests-per-second', '1x20'),
];

describe('the autoscaling dashboard’s scaling events', () => {
  it('shows each ScaledObject’s desired replicas (its HPA’s)', async () => {
    const expr = panelExpr(spec, 'autoscaling', 'Desired replicas per ScaledObject (its HPA)');
    expect(await promqlExprTest(input, expr, [{ labels: '{scaledObject="credential-worker"}', value: 8 }, { labels: '{scaledObject="wallet-api"}', value: 3 }])).toContain('SUCCESS');
  }, 30_000);

  it('counts the changes of desired replicas per ScaledObject', async () => {
    const expr = panelExpr(spec, 'autoscaling', 'Scaling events (desired replica changes, 5m)');
    expect(await promqlExprTest(input, expr, [{ labels: '{scaledObject="credential-worker"}', value: 2 }, { labels: '{scaledObject="wallet-api"}', value: 0 }])).toContain('SUCCESS');
  }, 30_000);

  it('counts scalers turning active or inactive', async () => {
    const expr = panelExpr(spec, 'autoscaling', 'Scaler activations and deactivations (5m)');
    const expected = [
      { labels: '{scaledObject="credential-worker",scaler="task-queue-length"}', value: 1 },
      { labels: '{scaledObject="wallet-api",scaler="requests-per-second"}', value: 0 },
    ];
    expect(await promqlExprTest(input, expr, expected)).toContain('SUCCESS');
  }, 30_000);

  it('marks every change of desired replicas on the dashboard’s graphs (a Grafana annotation), and nothing else', async () => {
    const annotation = dashboardDefinitions(spec)
      .find((d) => d.key === 'autoscaling')
      ?.annotations?.find((a) => a.name === 'Scaling events');
    expect(annotation).toBeDefined();
    const at = (evalTime: string, expected: { labels: string; value: number }[]) => promqlExprTest(input, annotation!.expr, expected, evalTime);
    expect(await at('12m', [{ labels: '{scaledObject="credential-worker"}', value: 1 }])).toContain('SUCCESS');
    expect(await at('13m', [{ labels: '{scaledObject="credential-worker"}', value: 1 }])).toContain('SUCCESS');
    expect(await at('15m', [])).toContain('SUCCESS');
  }, 30_000);
});
