import { describe, expect, it } from 'vitest';
import type { Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import type { PlainObject } from '../validate/problem';
import { alertmanagerConfig } from './alertmanager-config';
import { inhibitorOf, type Labels, unguardedEqualLabels } from './inhibition';
import { alertsAsSent } from './promtool-tests';

// Which warning a critical alert makes redundant, about the same thing. Nothing else is ever muted.
const twins: Record<string, string[]> = {
  PersonaPassHighErrorRate: ['PersonaPassElevatedErrorRate', 'PersonaPassErrorBudgetSlowBurn'],
  PersonaPassErrorBudgetFastBurn: ['PersonaPassElevatedErrorRate', 'PersonaPassErrorBudgetSlowBurn'],
  PersonaPassHighLatencyP99: ['PersonaPassHighLatencyP95', 'PersonaPassHighLatencyP50'],
  PersonaPassAuthFailureRatioHigh: ['PersonaPassAuthFailureSpike', 'PersonaPassClientErrorSurge'],
  PersonaPassDeploymentDown: ['PersonaPassDeploymentReplicasUnavailable'],
  PersonaPassPodCrashLooping: ['PersonaPassFrequentRestarts'],
  PersonaPassMemoryExhaustionImminent: ['PersonaPassHighMemoryUsage', 'PersonaPassMemoryAboveRequests'],
  PersonaPassTaskQueueCritical: ['PersonaPassTaskQueueBacklog', 'PersonaPassTaskQueueNotDraining'],
  PersonaPassWorkerAbsentWithBacklog: ['PersonaPassTaskQueueBacklog', 'PersonaPassTaskQueueNotDraining'],
};

const tiers: [string, Tier][] = [
  ['dev', 'development'],
  ['staging', 'staging'],
  ['prod', 'production'],
];

function environment(name: string, tier: Tier) {
  const spec = starterSpec(name, tier);
  const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
  return { rules: alertmanagerConfig(spec).inhibit_rules, alerts: alertsAsSent(spec, objects) };
}

const name = (alert: Labels | undefined) => alert?.alertname;
// Everything that names what an alert is about, changed: the same alert about something else.
const aboutSomethingElse = (alert: Labels): Labels =>
  Object.fromEntries(Object.entries(alert).map(([k, v]) => [k, ['alertname', 'severity', 'environment', 'cluster', 'prometheus'].includes(k) ? v : `other-${v}`]));

describe('Alertmanager inhibition', () => {
  it.each(tiers)('in %s mutes a warning only while its critical twin fires about the same thing', (env, tier) => {
    const { rules, alerts } = environment(env, tier);
    const firing = new Set(alerts.map(name));
    const wrong: string[] = [];
    for (const target of alerts) {
      const expected = Object.entries(twins)
        .filter(([critical, warnings]) => firing.has(critical) && warnings.includes(target.alertname ?? ''))
        .map(([critical]) => critical);
      const inhibitor = name(inhibitorOf(rules, alerts, target));
      if (expected.length === 0 ? inhibitor !== undefined : !expected.includes(inhibitor ?? '')) wrong.push(`${target.alertname} muted by ${inhibitor}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(tiers)('in %s never mutes a warning about another workload, pod, deployment or queue', (env, tier) => {
    const { rules, alerts } = environment(env, tier);
    for (const target of alerts.map(aboutSomethingElse)) {
      expect(name(inhibitorOf(rules, alerts, target)), target.alertname).toBeUndefined();
    }
  });

  it.each(tiers)('in %s compares only labels both alerts carry, and says so in its matchers', (env, tier) => {
    const { rules, alerts } = environment(env, tier);
    for (const rule of rules) expect(unguardedEqualLabels(rule), JSON.stringify(rule)).toEqual([]);
    const byName = new Map(alerts.map((a) => [a.alertname, a]));
    for (const [critical, warnings] of Object.entries(twins)) {
      for (const warning of warnings) {
        const [source, target] = [byName.get(critical), byName.get(warning)];
        if (!source || !target) continue;
        const rule = rules.find((r) => inhibitorOf([r], [source], target));
        expect(rule, `${critical} over ${warning}`).toBeDefined();
        for (const label of rule?.equal ?? []) expect([source[label], target[label]], `${critical}/${warning}: ${label}`).not.toContain(undefined);
      }
    }
  });

  it('follows Alertmanager: a label missing on both alerts counts as equal, unless the matchers require it', () => {
    const loose = { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['destination_workload'] };
    const critical = { alertname: 'A', severity: 'critical', namespace: 'x' };
    const warning = { alertname: 'B', severity: 'warning', namespace: 'y' };
    expect(inhibitorOf([loose], [critical], warning)).toBe(critical);
    expect(unguardedEqualLabels(loose)).toEqual(['destination_workload']);
    const guarded = { ...loose, source_matchers: [...loose.source_matchers, 'destination_workload!=""'], target_matchers: [...loose.target_matchers, 'destination_workload!=""'] };
    expect(inhibitorOf([guarded], [critical], warning)).toBeUndefined();
    expect(unguardedEqualLabels(guarded)).toEqual([]);
    // An alert matching both sides never mutes itself.
    const both = { source_matchers: ['alertname=~"A|B"'], target_matchers: ['alertname=~"A|B"'], equal: [] };
    expect(inhibitorOf([both], [critical], critical)).toBeUndefined();
  });
});
