import { describe, expect, it } from 'vitest';
import { deployTargetsOf, isOwnedObject, sameTarget } from '@/lib/core/environments/deploy-targets';
import type { EnvironmentSpec, Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { objectId } from './kube-object';
import { renderPlatform } from './render-platform';

// Render and apply stay inside what an environment owns: its three namespaces and their Namespace
// objects, nothing cluster-scoped besides and nothing in other namespaces (what Prometheus needs
// there comes with the administrator's grant). Two environments whose deploy targets do not overlap
// (the database refuses those that do) therefore never render the same object.

const tiers: Tier[] = ['development', 'staging', 'production'];

function spec(name: string, tier: Tier, namespace = `personapass-${name}`): EnvironmentSpec {
  return { ...starterSpec(name, tier), namespace };
}

const overlaps = (a: EnvironmentSpec, b: EnvironmentSpec) => deployTargetsOf(a).some((t) => deployTargetsOf(b).some((u) => sameTarget(t, u)));

describe('render scope', () => {
  it.each(tiers)('keeps every %s object inside the environment’s own namespaces', (tier) => {
    const environment = spec('team-a', tier);
    const objects = renderPlatform(environment);
    expect(objects.filter((object) => !isOwnedObject(environment, object)).map(objectId)).toEqual([]);
    expect(objects.filter((object) => object.metadata?.labels?.['personapass.dev/environment'] !== 'team-a').map(objectId)).toEqual([]);
  });

  it('renders disjoint objects for environments with disjoint targets, even with look-alike names', () => {
    // Names chosen to collide if ownership were decided by prefixes: "a" vs "a-b", "x" vs "x-monitoring".
    const pairs: Array<[EnvironmentSpec, EnvironmentSpec]> = [
      [spec('a', 'production'), spec('a-b', 'development')],
      [spec('x', 'staging', 'x'), spec('x-monitoring', 'development', 'x-mon')],
      [spec('dev', 'development'), spec('prod', 'production')],
    ];
    for (const [a, b] of pairs) {
      expect(overlaps(a, b)).toBe(false);
      const ids = new Set(renderPlatform(b).map(objectId));
      expect(renderPlatform(a).filter((object) => ids.has(objectId(object))).map(objectId)).toEqual([]);
      expect(renderPlatform(a).filter((object) => isOwnedObject(b, object)).map(objectId)).toEqual([]);
    }
  });

  it('sees the overlap when one environment’s namespace is another’s derived namespace', () => {
    expect(overlaps(spec('x', 'production', 'x'), spec('y', 'development', 'x-monitoring'))).toBe(true);
    expect(overlaps(spec('x', 'production', 'x'), { ...spec('y', 'development', 'x-monitoring'), cluster: 'other' })).toBe(false);
  });

  it('refuses objects outside the scope', () => {
    const environment = spec('a', 'production');
    expect(isOwnedObject(environment, { kind: 'ConfigMap', metadata: { name: 'c', namespace: 'kube-system' } })).toBe(false);
    expect(isOwnedObject(environment, { kind: 'Namespace', metadata: { name: 'kube-system' } })).toBe(false);
    expect(isOwnedObject(environment, { kind: 'Namespace', metadata: { name: 'personapass-a-tracing' } })).toBe(true);
    expect(isOwnedObject(environment, { kind: 'ClusterRole', metadata: { name: 'personapass-a-tracing' } })).toBe(false);
    // Cluster-scoped RBAC and roles in add-on namespaces are the administrator's grant, even named after the environment.
    expect(isOwnedObject(environment, { kind: 'ClusterRole', metadata: { name: 'personapass-a-prometheus-nodes' } })).toBe(false);
    expect(isOwnedObject(environment, { kind: 'Role', metadata: { name: 'personapass-a-prometheus-discovery', namespace: 'kube-system' } })).toBe(false);
  });

  // SRE review of issue 7 (F15): ownership once followed an object's name into any namespace.
  it.each(['personapass-b', 'default', 'istio-system', 'keda'])('does not own objects named after the environment in %s', (namespace) => {
    const a = spec('a', 'production');
    expect(isOwnedObject(a, { kind: 'Role', metadata: { name: 'personapass-a-prometheus-discovery', namespace } })).toBe(false);
  });
});
