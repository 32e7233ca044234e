import { Secret } from 'kubernetes-models/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, namespacesOf } from '../names';
import { tierDefaults } from '../platform-defaults';
import { toYaml } from '../yaml-text';
import { alertDefinitions } from './alert-rules';

export const alertmanagerConfigSecret = 'alertmanager-personapass';
/** Receiver credentials, created out of band; Alertmanager reads them as files, never from this repository. */
export const receiverSecret = 'alertmanager-receivers';
const secretsDir = `/etc/alertmanager/secrets/${receiverSecret}`;

const criticalReceiver = (spec: EnvironmentSpec) => (tierDefaults[spec.tier].alertmanager.pageCritical ? 'pagerduty' : `slack-${spec.name}-critical`);

/** Where an alert must arrive, in the order Alertmanager notifies: the routing tree below is checked
 *  against this with `amtool config routes test` for every alert (validate/promtool-checks.ts). */
export function intendedReceivers(spec: EnvironmentSpec, alert: Record<string, string>): string[] {
  if (alert.alertname === watchdog) return [deadMansSwitch];
  return alert.severity === 'critical' ? [criticalReceiver(spec), `slack-${spec.name}`] : [`slack-${spec.name}`];
}

export const watchdog = 'PersonaPassWatchdog';
export const deadMansSwitch = 'deadmansswitch';

/** Keys of the receivers' Secret (alertmanager-receivers), each read as a file: a URL or key that
 *  lets whoever knows it post to, or keep quiet, where alerts go is a credential, never in the spec. */
export const receiverSecretKeys = {
  slack: 'slack-webhook-url',
  pagerduty: 'pagerduty-routing-key',
  /** The heartbeat check's ping URL (https, port 443: Alertmanager may leave the cluster on TCP 443 only). */
  deadMansSwitch: 'dead-mans-switch-url',
} as const;

/** The heartbeat check outside the cluster: pinged with every Watchdog notification, it alerts when
 *  the pings stop. Its ping URL is its only secret (whoever knows it can keep the switch quiet), so
 *  Alertmanager reads it from the receivers' Secret (url_file, Alertmanager 0.26 and later; 0.28
 *  fixed a crash on a failed notification through it). Without the switch in the spec the Watchdog
 *  reaches no one (a receiver with nothing), which production may not (dead-mans-switch check). */
function deadMansSwitchReceiver(spec: EnvironmentSpec) {
  const webhook = { url_file: `${secretsDir}/${receiverSecretKeys.deadMansSwitch}`, send_resolved: false, max_alerts: 1 };
  return { name: deadMansSwitch, ...(spec.observability.deadMansSwitch ? { webhook_configs: [webhook] } : {}) };
}

/** Alertmanager's routing. Production pages on critical alerts; every tier posts to its Slack channel;
 *  the Watchdog goes to the dead man's switch alone. */
export function alertmanagerConfig(spec: EnvironmentSpec) {
  const defaults = tierDefaults[spec.tier].alertmanager;
  const slack = (channel: string) => ({
    name: `slack-${channel}`,
    slack_configs: [
      {
        api_url_file: `${secretsDir}/${receiverSecretKeys.slack}`,
        channel: `#personapass-${channel}`,
        send_resolved: true,
        title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.environment }})',
        text: '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.runbook_url }}\n{{ end }}',
      },
    ],
  });
  const critical = defaults.pageCritical
    ? { name: 'pagerduty', pagerduty_configs: [{ routing_key_file: `${secretsDir}/${receiverSecretKeys.pagerduty}`, send_resolved: true }] }
    : slack(`${spec.name}-critical`);
  return {
    route: {
      receiver: `slack-${spec.name}`,
      group_by: ['alertname', 'namespace', 'destination_workload', 'deployment'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: defaults.repeatInterval,
      routes: [
        // First and final: the heartbeat goes to the dead man's switch every few minutes, nowhere else.
        { receiver: deadMansSwitch, matchers: [`alertname="${watchdog}"`], group_wait: '0s', group_interval: '1m', repeat_interval: '5m' },
        { receiver: critical.name, matchers: ['severity="critical"'], group_wait: '10s', repeat_interval: '1h', continue: true },
        { receiver: `slack-${spec.name}`, matchers: ['severity=~"critical|warning"'] },
      ],
    },
    inhibit_rules: inhibitRules(spec),
    receivers: [critical, slack(spec.name), deadMansSwitchReceiver(spec)].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

/**
 * A critical alert mutes its own warning twins (HighErrorRate over ElevatedErrorRate) about the same
 * thing, one rule per critical alert. Alertmanager takes a label missing on both alerts as equal, so
 * both sides require every compared label (`label!=""`): a rule never mutes alerts about different
 * things that merely both lack the label.
 */
function inhibitRules(spec: EnvironmentSpec) {
  const alerts = alertDefinitions(spec);
  const present = new Set(alerts.map((a) => a.alert));
  return alerts.flatMap(({ alert, silences }) => {
    const targets = (silences?.alerts ?? []).filter((name) => present.has(name));
    if (!silences || targets.length === 0) return [];
    const carried = silences.equal.map((label) => `${label}!=""`);
    return [{ source_matchers: [`alertname="${alert}"`, ...carried], target_matchers: [`alertname=~"${targets.join('|')}"`, ...carried], equal: silences.equal }];
  });
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
