// The rights the readiness report derives from a render (lib/core/setup/console-rights.ts) are the
// rights the administrator's grant gives (scripts/stack/manifests/console-rbac.yaml and
// console-environment.yaml): an environment of every tier on a cluster set up as documented passes,
// and dropping one rule from the grant is seen.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { neededRights, rulesAllow, type PolicyRule, type RenderedObject } from '@/lib/core/setup/console-rights';
import { toPlain } from './kube-object';
import { renderPlatform } from './render-platform';

type Doc = { kind: string; metadata: { name: string; namespace?: string }; rules?: PolicyRule[]; roleRef?: { kind: string; name: string }; subjects?: Array<{ name: string }> };
const docs = (file: string, env = 'x', namespace = 'personapass-x') =>
  parseAllDocuments(readFileSync(`scripts/stack/manifests/${file}`, 'utf8').replaceAll('${ENVIRONMENT}', env).replaceAll('${NAMESPACE}', namespace)).map((doc) => doc.toJS() as Doc);

/** What a SelfSubjectRulesReview in `namespace` would list for the console: its ClusterRoleBindings' rules and the RoleBindings there. */
function consoleRules(namespace: string, all: Doc[]): PolicyRule[] {
  const roles = new Map(all.filter((doc) => doc.kind === 'ClusterRole' || doc.kind === 'Role').map((doc) => [`${doc.kind}/${doc.metadata.namespace ?? ''}/${doc.metadata.name}`, doc]));
  return all
    .filter((doc) => (doc.kind === 'ClusterRoleBinding' || (doc.kind === 'RoleBinding' && doc.metadata.namespace === namespace)) && doc.subjects?.some((subject) => subject.name === 'personapass-console'))
    .flatMap((binding) => roles.get(`${binding.roleRef!.kind}/${binding.roleRef!.kind === 'Role' ? namespace : ''}/${binding.roleRef!.name}`)?.rules ?? []);
}

describe('the readiness check of the console rights against the documented grant', () => {
  for (const tier of ['development', 'staging', 'production'] as const) {
    it(`finds nothing missing for a ${tier} environment`, () => {
      const spec = starterSpec('x', tier);
      const objects = renderPlatform(spec).map((object) => toPlain(object) as unknown as RenderedObject);
      const namespaces = Object.values(platformNamespaces(spec));
      const grant = [...docs('console-rbac.yaml'), ...docs('console-environment.yaml', 'x', spec.namespace)];
      const needs = neededRights([{ name: 'x', namespaces, objects }]);
      expect(needs.length).toBeGreaterThan(50);
      expect(needs.filter((need) => !rulesAllow(consoleRules(need.reviewIn, grant), need))).toEqual([]);
      // Without the grant's RoleBindings in the environment's namespaces, nearly everything is missing.
      const withoutBindings = grant.filter((doc) => doc.kind !== 'RoleBinding');
      expect(needs.filter((need) => !rulesAllow(consoleRules(need.reviewIn, withoutBindings), need)).length).toBeGreaterThan(needs.length / 2);
    });
  }
});
