import { describe, expect, it } from 'vitest';
import { ruleGroups } from '@/manifests/monitoring/prometheus-rule';
import { durationSeconds, localAlertmanagerConfig, localEnvironmentSpecs, localRuleGroups, shortened } from './local-alerting';

describe("the local stack's alerting", () => {
  it('divides durations into whole seconds, never to zero', () => {
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(shortened('5m', 60)).toBe('5s');
    expect(shortened('10s', 60)).toBe('1s');
    expect(shortened('0m', 60)).toBe('0m');
    expect(shortened('15m', 1)).toBe('15m');
    expect(() => durationSeconds('5 minutes')).toThrow('not a Prometheus duration');
  });

  it("shortens only the rules' for:, leaving expressions, labels and annotations as rendered", () => {
    const [dev] = localEnvironmentSpecs(['dev']);
    const rendered = ruleGroups(dev!);
    const local = localRuleGroups(dev!, 60);
    expect(local.map((g) => g.rules.map(({ for: _, ...rest }) => rest))).toEqual(rendered.map((g) => g.rules.map(({ for: _, ...rest }) => rest)));
    const highErrorRate = local.flatMap((g) => g.rules).find((r) => r.alert === 'PersonaPassHighErrorRate');
    expect(highErrorRate).toMatchObject({ for: '5s', labels: { severity: 'critical', environment: 'dev' } });
  });

  it("routes each environment's alerts through its own tree to the test receiver, receivers named per environment", () => {
    const config = localAlertmanagerConfig(localEnvironmentSpecs(['dev', 'prod']), { divisor: 60, receiverUrl: 'http://127.0.0.1:59094' });
    expect(config.route.routes.map((r) => r.matchers)).toEqual([['environment="dev"'], ['environment="prod"']]);
    const names = config.receivers.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['slack-dev', 'slack-dev-critical', 'pagerduty-prod', 'slack-prod', 'deadmansswitch-prod', 'deadmansswitch-dev']));
    expect(new Set(names).size).toBe(names.length);
    expect(config.receivers.find((r) => r.name === 'pagerduty-prod')).toEqual({
      name: 'pagerduty-prod',
      webhook_configs: [{ url: 'http://127.0.0.1:59094/notify/pagerduty-prod', send_resolved: true }],
    });
    // dev has no dead man's switch: its Watchdog reaches no one, as in the render.
    expect(config.receivers.find((r) => r.name === 'deadmansswitch-dev')).toEqual({ name: 'deadmansswitch-dev' });
    const prodCritical = config.route.routes[1]?.routes?.find((r) => r.matchers?.includes('severity="critical"'));
    expect(prodCritical).toMatchObject({ receiver: 'pagerduty-prod', group_wait: '1s', continue: true });
    for (const rule of config.inhibit_rules as Array<{ source_matchers: string[]; target_matchers: string[] }>) {
      expect(rule.source_matchers.at(-1)).toMatch(/^environment="(dev|prod)"$/);
      expect(rule.target_matchers.at(-1)).toBe(rule.source_matchers.at(-1));
    }
  });
});
