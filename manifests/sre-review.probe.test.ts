import { describe, expect, it } from 'vitest';
import { environmentSpecSchema, type EnvironmentSpec, type Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from './kube-object';
import { metricVocabulary } from './monitoring/metric-vocabulary';
import { ruleGroups } from './monitoring/prometheus-rule';
import { renderPlatform } from './render-platform';
import { egressAllowed } from './validate/network-policy-egress';
import type { PlainObject } from './validate/problem';

// Review probes (issue 9, SRE view): what a real cluster does with the rendered objects.
// Each test fails on 17625c6 and passes once the finding it names is fixed.

const envs: [string, Tier][] = [
  ['dev', 'development'],
  ['staging', 'staging'],
  ['prod', 'production'],
];
const render = (spec: EnvironmentSpec) => renderPlatform(spec).map(toPlain) as PlainObject[];

describe('dead man’s switch reaches its heartbeat URL (defect 11)', () => {
  const alertmanagerPod = {
    namespace: 'personapass-prod-monitoring',
    labels: {
      'app.kubernetes.io/name': 'alertmanager',
      'app.kubernetes.io/instance': 'personapass',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      alertmanager: 'personapass',
      'personapass.dev/environment': 'prod',
    },
  };

  it.each([
    ['http://heartbeat.example.com/ping/personapass-prod', 80],
    ['https://heartbeat.example.com:8443/ping/personapass-prod', 8443],
  ])('the spec accepts %s, so Alertmanager’s egress allows its port', (url, port) => {
    const base = starterSpec('prod', 'production');
    const spec = { ...base, observability: { ...base.observability, deadMansSwitchUrl: url } };
    expect(environmentSpecSchema.safeParse(spec).success, 'the spec accepts the URL').toBe(true);
    expect(egressAllowed(render(spec), alertmanagerPod, { cidr: '203.0.113.10/32', port }), `Alertmanager egress to TCP ${port}`).toBe(true);
  });

  it('a production spec without a dead man’s switch is refused (the Watchdog would reach no one)', () => {
    const spec = starterSpec('prod', 'production');
    expect(spec.observability.deadMansSwitchUrl === undefined && environmentSpecSchema.safeParse(spec).success).toBe(false);
  });
});

describe('the Jaeger index cleaner is watched (defect 12)', () => {
  it.each(envs.filter(([, t]) => t !== 'development'))('%s: an alert fires when the jaeger-es-index-cleaner job fails or stops succeeding', (name, tier) => {
    const spec = starterSpec(name, tier);
    const exprs = ruleGroups(spec)
      .flatMap((g) => g.rules)
      .map((r) => r.expr as string);
    const watching = exprs.filter((e) => /kube_job_(status_failed|failed)|kube_cronjob_status_last_successful_time/.test(e));
    expect(watching, 'no rule reads the CronJob’s job results').not.toEqual([]);
    expect(metricVocabulary.some((m) => /^kube_(job|cronjob)_/.test(m)), 'kube-state-metrics job series are dropped by the keep list').toBe(true);
  });
});
