import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { type AlertDefinition, alertDefinitions } from './alert-rules';
import { alertAnnotations } from './prometheus-rule';

/** Expands `{{ $labels.name }}` the way Prometheus will, to state the annotations a test expects. */
function expand(template: string, labels: Record<string, string>): string {
  return template.replace(/\{\{\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

function testOf(spec: EnvironmentSpec, alert: AlertDefinition) {
  const labels = { ...alert.test.labels, severity: alert.severity, environment: spec.name };
  const annotations = Object.fromEntries(Object.entries(alertAnnotations(alert)).map(([k, v]) => [k, expand(v, labels)]));
  return {
    interval: '1m',
    input_series: alert.test.series,
    alert_rule_test: [{ eval_time: alert.test.evalTime, alertname: alert.alert, exp_alerts: [{ exp_labels: labels, exp_annotations: annotations }] }],
  };
}

/** A `promtool test rules` file with one test per alert, each making exactly that alert fire. */
export function promtoolTestFile(spec: EnvironmentSpec, rulesFile: string) {
  return {
    rule_files: [rulesFile],
    evaluation_interval: '1m',
    tests: alertDefinitions(spec).map((alert) => testOf(spec, alert)),
  };
}
