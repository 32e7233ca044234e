import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, namespacesOf } from '../names';
import { type AlertDefinition, alertDefinitions, runbookUrl } from './alert-rules';

export const prometheusRuleName = 'personapass-alerts';

export function alertAnnotations(alert: AlertDefinition): Record<string, string> {
  return { summary: alert.summary, description: alert.description, runbook_url: runbookUrl(alert.alert) };
}

/** The rule groups as Prometheus reads them (also what promtool checks). */
export function ruleGroups(spec: EnvironmentSpec) {
  const alerts = alertDefinitions(spec);
  const groups = [...new Set(alerts.map((a) => a.group))];
  return groups.map((group) => ({
    name: `personapass-${group}`,
    rules: alerts
      .filter((a) => a.group === group)
      .map((a) => ({
        alert: a.alert,
        expr: a.expr,
        for: a.for,
        labels: { severity: a.severity, environment: spec.name },
        annotations: alertAnnotations(a),
      })),
  }));
}

export function renderPrometheusRule(spec: EnvironmentSpec): KubeObject[] {
  return [
    new PrometheusRule({
      metadata: { name: prometheusRuleName, namespace: namespacesOf(spec).monitoring, labels: commonLabels(spec, 'prometheus') },
      spec: { groups: ruleGroups(spec) },
    }),
  ];
}
