// The console's per-namespace role (scripts/stack/manifests/console-rbac.yaml) grants writes only on
// the kinds the platform renders. Each surplus kind is a way around the admission policies' view of
// the platform: Ingresses (a host taken over on a shared ingress controller), Jobs, CronJobs and
// StatefulSets (more pod templates), HPAs, ResourceQuotas, LimitRanges. From the attacker's review of
// issue 7.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from './kube-object';
import { renderPlatform } from './render-platform';

const plural = (kind: string) => (/[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : kind.endsWith('s') ? `${kind}es` : `${kind}s`).toLowerCase();
const writes = ['create', 'update', 'patch', 'delete'];

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

it('grants the console writes only on kinds the platform renders', () => {
  const rendered = new Set<string>();
  for (const tier of ['development', 'staging', 'production'] as const) {
    for (const object of renderPlatform(starterSpec('x', tier)).map(toPlain) as Array<{ apiVersion: string; kind: string }>) {
      const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : '';
      rendered.add(`${group}/${plural(object.kind)}`);
    }
  }
  const role = parseAllDocuments(readFileSync('scripts/stack/manifests/console-rbac.yaml', 'utf8'))
    .map((doc) => doc.toJS())
    .find((doc) => doc?.kind === 'ClusterRole' && doc.metadata.name === 'personapass-console-platform');
  const writable = (role.rules as Rule[])
    .filter((rule) => rule.verbs.some((verb) => writes.includes(verb)))
    .flatMap((rule) => rule.apiGroups.flatMap((group) => rule.resources.filter((r) => !r.includes('/')).map((r) => `${group}/${r}`)));
  expect(writable.length).toBeGreaterThan(10);
  expect(writable.filter((resource) => !rendered.has(resource))).toEqual([]);
});
