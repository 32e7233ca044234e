import { Secret } from 'kubernetes-models/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, namespacesOf } from '../names';
import { tierDefaults } from '../platform-defaults';
import { toYaml } from '../yaml-text';

export const alertmanagerConfigSecret = 'alertmanager-personapass';
/** Receiver credentials, created out of band; Alertmanager reads them as files, never from this repository. */
export const receiverSecret = 'alertmanager-receivers';
const secretsDir = `/etc/alertmanager/secrets/${receiverSecret}`;

/** Alertmanager's routing. Production pages on critical alerts; every tier posts to its Slack channel. */
export function alertmanagerConfig(spec: EnvironmentSpec) {
  const defaults = tierDefaults[spec.tier].alertmanager;
  const slack = (channel: string) => ({
    name: `slack-${channel}`,
    slack_configs: [
      {
        api_url_file: `${secretsDir}/slack-webhook-url`,
        channel: `#personapass-${channel}`,
        send_resolved: true,
        title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.environment }})',
        text: '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.runbook_url }}\n{{ end }}',
      },
    ],
  });
  const critical = defaults.pageCritical
    ? { name: 'pagerduty', pagerduty_configs: [{ routing_key_file: `${secretsDir}/pagerduty-routing-key`, send_resolved: true }] }
    : slack(`${spec.name}-critical`);
  return {
    route: {
      receiver: `slack-${spec.name}`,
      group_by: ['alertname', 'namespace', 'destination_workload', 'deployment'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: defaults.repeatInterval,
      routes: [
        { receiver: critical.name, matchers: ['severity="critical"'], group_wait: '10s', repeat_interval: '1h', continue: true },
        { receiver: `slack-${spec.name}`, matchers: ['severity=~"critical|warning"'] },
      ],
    },
    // A critical alert silences its own warning twin (for example HighErrorRate over ElevatedErrorRate).
    inhibit_rules: [
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['namespace', 'destination_workload'] },
    ],
    receivers: [critical, slack(spec.name)].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

export function renderAlertmanagerConfig(spec: EnvironmentSpec): KubeObject[] {
  return [
    new Secret({
      metadata: { name: alertmanagerConfigSecret, namespace: namespacesOf(spec).monitoring, labels: commonLabels(spec, 'alertmanager') },
      type: 'Opaque',
      stringData: { 'alertmanager.yaml': toYaml(alertmanagerConfig(spec)) },
    }),
  ];
}
