import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from './kube-object';
import { renderPlatform } from './render-platform';
import type { PlainObject } from './validate/problem';

// Attack probe (review 9): two environments of one tier share the tier's Elasticsearch; the index
// prefix, and so what each one's jaeger-query reads and its new index cleaner deletes, must be the
// environment's own (as dashboards' and datasources' uids now are, defect 10).
const prefixes = (name: string) =>
  (renderPlatform(starterSpec(name, 'staging')).map(toPlain) as PlainObject[])
    .filter((o) => o.kind === 'CronJob' || o.kind === 'Deployment')
    .flatMap((o) => {
      const pod = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
      return (pod.containers as { env?: { name: string; value?: string }[] }[]).flatMap((c) => c.env ?? []);
    })
    .filter((e) => e.name === 'ES_INDEX_PREFIX')
    .map((e) => e.value);

describe('Jaeger index prefixes (attack probe)', () => {
  it("never lets one environment's Jaeger read or clean another's indices", () => {
    const staging = new Set(prefixes('staging'));
    const other = new Set(prefixes('staging-eu'));
    expect(staging.size).toBeGreaterThan(0);
    expect([...other].filter((p) => staging.has(p))).toEqual([]);
  });
});
