import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { availabilityRecordingRules } from '@/lib/core/status/availability';
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

/**
 * The recording rules the console reads: per namespace and service, the 5-minute request rate (all,
 * and 5xx), which the status page's 7-day availability sums instead of 7 days of raw samples. The
 * same for every environment (each has its own Prometheus); the local stack loads them once.
 */
export function recordingRuleGroups() {
  return [{ name: 'personapass-availability', rules: availabilityRecordingRules() }];
}

export function renderPrometheusRule(spec: EnvironmentSpec): KubeObject[] {
  return [
    new PrometheusRule({
      metadata: { name: prometheusRuleName, namespace: namespacesOf(spec).monitoring, labels: commonLabels(spec, 'prometheus') },
      spec: { groups: [...ruleGroups(spec), ...recordingRuleGroups()] },
    }),
  ];
}
