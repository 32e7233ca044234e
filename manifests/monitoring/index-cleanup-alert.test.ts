import { describe, expect, it } from 'vitest';
import type { Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import type { PlainObject } from '../validate/problem';
import { alertDefinitions } from './alert-rules';
import { alertmanagerConfig } from './alertmanager-config';
import { metricVocabulary } from './metric-vocabulary';
import { indexCleanerSecret } from '../tracing';
import { ruleGroups } from './prometheus-rule';
import { scrapedLabels } from './scrape';

// Jaeger's index cleaner runs once a night: nothing else notices when it stops succeeding until
// Elasticsearch fills up. promtool runs the alert's tests (validate/promtool-checks.test.ts).
describe('the Jaeger index cleaner is watched', () => {
  it.each([
    ['staging', 'staging'],
    ['prod', 'production'],
  ] as [string, Tier][])('%s: an alert reads when the jaeger-es-index-cleaner CronJob last succeeded, from series kube-state-metrics keeps', (name, tier) => {
    const spec = starterSpec(name, tier);
    const exprs = ruleGroups(spec)
      .flatMap((g) => g.rules)
      .map((r) => r.expr as string);
    const watching = exprs.filter((e) => /kube_job_(status_failed|failed)|kube_cronjob_status_last_successful_time/.test(e));
    expect(watching, 'no rule reads the CronJob’s job results').not.toEqual([]);
    expect(metricVocabulary.some((m) => /^kube_(job|cronjob)_/.test(m)), 'kube-state-metrics job series are dropped by the keep list').toBe(true);

    // Its test series survive the kube-state-metrics monitor's keep list, as a real scrape stores them.
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    const alert = alertDefinitions(spec).find((a) => a.alert === 'PersonaPassIndexCleanupNotSucceeding')!;
    for (const series of [...alert.test.series, ...(alert.test.also ?? []).flatMap((t) => t.series)]) {
      expect(scrapedLabels(objects, series), series.metric).toMatchObject({ namespace: `personapass-${name}-tracing`, cronjob: 'jaeger-es-index-cleaner', job: 'kube-state-metrics' });
    }
    // A warning: routed to the environment's Slack like the other warnings, never paging.
    expect(alert.severity).toBe('warning');
    expect(alertmanagerConfig(spec).route.routes.find((r) => r.matchers.includes('severity=~"critical|warning"'))?.receiver).toBe(`slack-${name}`);
  });

  // The cleaner signs in with its own Secret, not the collectors' jaeger-elasticsearch: the alert
  // must send on-call to the credentials it really reads, and to the role they need.
  it('names the Secret the cleaner signs in with and the Elasticsearch privileges its user needs', () => {
    const alert = alertDefinitions(starterSpec('prod', 'production')).find((a) => a.alert === 'PersonaPassIndexCleanupNotSucceeding')!;
    expect(alert.description).toContain(`Secret ${indexCleanerSecret}`);
    expect(alert.description).not.toContain('jaeger-elasticsearch');
    expect(alert.description).toMatch(/view_index_metadata and delete_index/);
  });

  it('is not rendered where Jaeger keeps spans in memory (no cleaner)', () => {
    expect(alertDefinitions(starterSpec('dev', 'development')).map((a) => a.alert)).not.toContain('PersonaPassIndexCleanupNotSucceeding');
  });
});
