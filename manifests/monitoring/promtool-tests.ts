import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { type AlertDefinition, type AlertTest, alertDefinitions } from './alert-rules';
import { alertAnnotations } from './prometheus-rule';
import { type ExposedSeries, type MonitorLike, scrapedLabels, seriesText, withoutName } from './scrape';

type Objects = readonly (MonitorLike & { metadata: { labels?: Record<string, string> } })[];

/** Expands `{{ $labels.name }}` the way Prometheus will, to state the annotations a test expects. */
function expand(template: string, labels: Record<string, string>): string {
  return template.replace(/\{\{\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

/** What Prometheus would store of each exposed series; a series nothing scrapes is simply not there. */
function inputSeries(objects: Objects, series: ExposedSeries[]) {
  return series.flatMap((s) => {
    const labels = scrapedLabels(objects, s);
    return labels ? [{ series: seriesText(labels), values: s.values }] : [];
  });
}

function expectedLabels(objects: Objects, alert: AlertDefinition, test: Omit<AlertTest, 'quiet' | 'also'> = alert.test): Record<string, string> {
  const { labels, series } = test;
  if (!('ofSeries' in labels)) return labels;
  const exposed = series[labels.ofSeries as number];
  if (!exposed) throw new Error(`${alert.alert}: its test has no input series ${String(labels.ofSeries)}`);
  // Not scraped: the alert cannot fire, and its test says so by failing.
  const stored = scrapedLabels(objects, exposed);
  return stored ? withoutName(stored) : { ...exposed.labels };
}

function testsOf(spec: EnvironmentSpec, alert: AlertDefinition, objects: Objects) {
  const interval = alert.test.interval ?? '1m';
  const firing = (test: Omit<AlertTest, 'quiet' | 'also'>) => {
    const labels = { ...expectedLabels(objects, alert, test), severity: alert.severity, environment: spec.name };
    const annotations = Object.fromEntries(Object.entries(alertAnnotations(alert)).map(([k, v]) => [k, expand(v, labels)]));
    return {
      interval,
      input_series: inputSeries(objects, test.series),
      alert_rule_test: [{ eval_time: test.evalTime, alertname: alert.alert, exp_alerts: [{ exp_labels: labels, exp_annotations: annotations }] }],
    };
  };
  const { quiet, also = [] } = alert.test;
  const quietTests = quiet
    ? [{ interval, input_series: inputSeries(objects, quiet.series), alert_rule_test: [{ eval_time: quiet.evalTime, alertname: alert.alert, exp_alerts: [] }] }]
    : [];
  return [firing(alert.test), ...quietTests, ...also.map(firing)];
}

/** A `promtool test rules` file: per alert a test making exactly that alert fire (and, where the
 *  definition gives one, a test of the healthy case where it must not), its input series as the
 *  rendered monitors would store them. */
export function promtoolTestFile(spec: EnvironmentSpec, rulesFile: string, objects: Objects) {
  return {
    rule_files: [rulesFile],
    evaluation_interval: '1m',
    tests: alertDefinitions(spec).flatMap((alert) => testsOf(spec, alert, objects)),
  };
}

/**
 * The label sets Alertmanager receives when each alert fires as its unit test makes it: the alert's
 * labels plus the rendered Prometheus' external labels and the `prometheus` label the operator adds
 * (its replica label is dropped from alerts by the operator's alert relabelling).
 */
export function alertsAsSent(spec: EnvironmentSpec, objects: Objects): Record<string, string>[] {
  const prometheus = objects.find((o) => o.kind === 'Prometheus');
  const external: Record<string, string> = {
    ...(prometheus ? { prometheus: `${prometheus.metadata.namespace}/${prometheus.metadata.name}` } : {}),
    ...(prometheus?.spec?.externalLabels ?? {}),
  };
  return alertDefinitions(spec).map((alert) => ({ ...external, ...testsOf(spec, alert, objects)[0]!.alert_rule_test[0]!.exp_alerts[0]!.exp_labels, alertname: alert.alert }));
}
