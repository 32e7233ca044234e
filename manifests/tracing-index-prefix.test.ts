import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from './kube-object';
import { renderPlatform } from './render-platform';
import { indexCleanerSecret, jaegerIndexPrefix } from './tracing';
import { checkElasticsearchIndexCleanup } from './validate/elasticsearch-index-cleanup';
import type { PlainObject } from './validate/problem';

// Two environments of one tier share the tier's Elasticsearch; the index prefix, and so what each
// one's jaeger-query reads and its index cleaner deletes, must be the environment's own (as
// dashboards' and datasources' uids are, defect 10). Jaeger's collector and query read their prefix
// as ES_INDEX_PREFIX (es.index-prefix); jaeger-es-index-cleaner reads INDEX_PREFIX (--index-prefix).
type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } };
const containers = (name: string) =>
  (renderPlatform(starterSpec(name, 'staging')).map(toPlain) as PlainObject[])
    .filter((o) => o.kind === 'CronJob' || o.kind === 'Deployment')
    .flatMap((o) => {
      const pod = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
      return (pod.containers as { name: string; env?: Env[] }[]).map((c) => ({ workload: `${o.kind}/${o.metadata.name}`, env: c.env ?? [] }));
    });
const prefixes = (name: string) =>
  containers(name)
    .flatMap((c) => c.env)
    .filter((e) => e.name === 'ES_INDEX_PREFIX' || e.name === 'INDEX_PREFIX')
    .map((e) => e.value);

describe('Jaeger index prefixes', () => {
  it("never lets one environment's Jaeger read or clean another's indices", () => {
    const staging = new Set(prefixes('staging'));
    const other = new Set(prefixes('staging-eu'));
    expect(staging.size).toBeGreaterThan(0);
    expect([...other].filter((p) => staging.has(p))).toEqual([]);
  });

  it("are the environment's, the same for the collectors, the query service and the cleaner, each where that program reads it", () => {
    const read = containers('staging-eu')
      .filter(({ workload }) => workload.includes('jaeger'))
      .map(({ workload, env }) => [workload, env.find((e) => /INDEX_PREFIX$/.test(e.name))] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    expect(read).toEqual([
      ['CronJob/jaeger-es-index-cleaner', { name: 'INDEX_PREFIX', value: 'personapass-staging-eu' }],
      ['Deployment/jaeger-collector', { name: 'ES_INDEX_PREFIX', value: 'personapass-staging-eu' }],
      ['Deployment/jaeger-query', { name: 'ES_INDEX_PREFIX', value: 'personapass-staging-eu' }],
    ]);
    // Elasticsearch's index names: lower case, at most 255 bytes; the longest Jaeger suffix is
    // -jaeger-dependencies-YYYY-MM-DD and an environment name at most 63 characters.
    const longest = `${jaegerIndexPrefix('a'.repeat(63))}-jaeger-dependencies-2026-12-31`;
    expect(longest.length).toBeLessThanOrEqual(255);
  });

  it("give the cleaner its own Secret, never the collectors' read-write user", () => {
    const secrets = (workload: string) =>
      containers('staging')
        .filter((c) => c.workload === workload)
        .flatMap((c) => c.env.flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : [])));
    expect(new Set(secrets('CronJob/jaeger-es-index-cleaner'))).toEqual(new Set([indexCleanerSecret]));
    expect(new Set(secrets('Deployment/jaeger-collector'))).toEqual(new Set(['jaeger-elasticsearch']));
  });

  it('fail the index-cleanup check when the cleaner is given its prefix where it does not read it', () => {
    const spec = starterSpec('staging', 'staging');
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    expect(checkElasticsearchIndexCleanup(objects, { spec })).toEqual([]);
    const cleaner = objects.find((o) => o.kind === 'CronJob')!;
    for (const env of cleaner.spec.jobTemplate.spec.template.spec.containers[0].env as Env[]) if (env.name === 'INDEX_PREFIX') env.name = 'ES_INDEX_PREFIX';
    expect(checkElasticsearchIndexCleanup(objects, { spec }).map((p) => p.object)).toEqual(['Deployment/personapass-staging-tracing/jaeger-collector', 'Deployment/personapass-staging-tracing/jaeger-query']);
  });
});
