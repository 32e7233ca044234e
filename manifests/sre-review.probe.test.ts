import { describe, expect, it } from 'vitest';
import type { Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { metricVocabulary } from './monitoring/metric-vocabulary';
import { ruleGroups } from './monitoring/prometheus-rule';

// Review probes (issue 9, SRE view): what a real cluster does with the rendered objects.
// Each test fails on 17625c6 and passes once the finding it names is fixed.

const envs: [string, Tier][] = [
  ['dev', 'development'],
  ['staging', 'staging'],
  ['prod', 'production'],
];

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
