import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import type { PlainObject } from '../validate/problem';
import { alertmanagerConfig } from './alertmanager-config';
import { ruleGroups } from './prometheus-rule';
import { scrapedLabels } from './scrape';

// Who watches the watchers: a Watchdog that always fires, routed to a dead man's switch outside the
// cluster (silence from it means Prometheus, Alertmanager or the path between them is down), an
// alert for every scrape target that is down or gone, Prometheus and Alertmanager scraping
// themselves, rule evaluation and notification failures.
const spec = starterSpec('prod', 'production');
const objects = () => renderPlatform(spec).map(toPlain) as PlainObject[];
const rules = () => ruleGroups(spec).flatMap((g) => g.rules);
const monitors = (o: PlainObject[]) => o.filter((x) => x.kind === 'ServiceMonitor' || x.kind === 'PodMonitor');

describe('monitoring of the monitoring', () => {
  it('fires a Watchdog for ever, routed to the dead man’s switch only, which pings the heartbeat URL of the receivers’ Secret', () => {
    const watchdog = rules().find((r) => r.alert === 'PersonaPassWatchdog');
    expect(watchdog).toMatchObject({ expr: 'vector(1)', labels: { severity: 'none' } });
    const config = alertmanagerConfig(spec);
    const first = config.route.routes[0];
    expect(first).toMatchObject({ receiver: 'deadmansswitch', matchers: ['alertname="PersonaPassWatchdog"'] });
    expect(first).not.toHaveProperty('continue');
    expect(config.receivers.find((r) => r.name === 'deadmansswitch')).toMatchObject({
      webhook_configs: [{ url_file: '/etc/alertmanager/secrets/alertmanager-receivers/dead-mans-switch-url', send_resolved: false }],
    });
  });

  it('scrapes Prometheus and Alertmanager themselves', () => {
    for (const monitor of ['prometheus', 'alertmanager']) {
      expect(scrapedLabels(objects(), { scrape: monitor, metric: 'up' }), monitor).toMatchObject({ namespace: 'personapass-prod-monitoring' });
    }
  });

  it('alerts on every scrape target that is down, and on every monitor that finds no target at all', () => {
    const byName = new Map(rules().map((r) => [r.alert, r.expr]));
    expect(byName.get('PersonaPassTargetDown')).toBe('up == 0');
    const missing = byName.get('PersonaPassScrapeTargetMissing') ?? '';
    for (const monitor of monitors(objects())) {
      const job = scrapedLabels(objects(), { scrape: monitor.metadata.name, metric: 'up' })?.job;
      expect(missing, monitor.metadata.name).toContain(`absent(up{job="${job}"})`);
    }
  });

  it('alerts on failed rule evaluations, on a Prometheus that reaches no Alertmanager, and on notifications that fail', () => {
    const exprs = rules().map((r) => r.expr).join('\n');
    for (const metric of [
      'prometheus_rule_evaluation_failures_total',
      'prometheus_notifications_alertmanagers_discovered',
      'prometheus_notifications_errors_total',
      'alertmanager_notifications_failed_total',
      'prometheus_config_last_reload_successful',
      'alertmanager_config_last_reload_successful',
    ]) {
      expect(exprs).toContain(metric);
    }
  });

  it('spreads Prometheus and Alertmanager replicas over nodes and lets a drain take one at a time', () => {
    const o = objects();
    for (const [kind, name] of [['Prometheus', 'prometheus'], ['Alertmanager', 'alertmanager']] as const) {
      const resource = o.find((x) => x.kind === kind)!;
      expect(resource.spec.replicas, kind).toBeGreaterThan(1);
      const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'personapass' };
      expect(resource.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, kind).toEqual([
        { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector } },
      ]);
      const pdb = o.find((x) => x.kind === 'PodDisruptionBudget' && x.metadata.namespace === resource.metadata.namespace && x.metadata.name === name);
      expect(pdb?.spec, kind).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector } });
    }
  });
});
