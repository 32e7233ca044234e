import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { objectId, toPlain } from '@/manifests/kube-object';
import { renderPlatform } from '@/manifests/render-platform';
import type { PlainObject } from './cluster-gateway';
import { changesRouting, routedDeployments } from './routing-gate';
import { deletionWaves, planWave, waveOf, waves } from './waves';

const at = (wave: (typeof waves)[number]) => waves.indexOf(wave);

function withCanary() {
  const spec = starterSpec('staging', 'staging');
  spec.components['wallet-api'].canary = { image: { ...spec.components['wallet-api'].image, tag: '2.0.0' }, replicas: 1, weightPercent: 10 };
  return spec;
}
const rendered = (spec: ReturnType<typeof starterSpec>) => renderPlatform(spec).map((object) => toPlain(object) as unknown as PlainObject);
const find = (objects: PlainObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;

describe('deploy waves', () => {
  // A canary's Deployment was created in the workloads wave and its routes right after, before any
  // rollout was awaited: its share of the traffic met pods still starting (503), for good if it
  // never became ready.
  it('routes traffic only after the rollouts: policies, then the rollout gate, then subsets, routes, dropped subsets', () => {
    expect(at('rollout')).toBeGreaterThan(at('workloads'));
    expect(at('rollout')).toBeGreaterThan(at('mesh'));
    expect(waveOf('NetworkPolicy')).toBe('mesh');
    expect(waveOf('AuthorizationPolicy')).toBe('mesh');
    expect(at(waveOf('DestinationRule'))).toBeGreaterThan(at('rollout'));
    expect(at(waveOf('VirtualService'))).toBeGreaterThan(at(waveOf('DestinationRule')));
    expect(at('retired-subsets')).toBeGreaterThan(at(waveOf('VirtualService')));
    // Deleted: routes before the subsets they name.
    expect(deletionWaves.indexOf(waveOf('VirtualService'))).toBeLessThan(deletionWaves.indexOf(waveOf('DestinationRule')));
  });

  it('a DestinationRule that adds the canary subset goes before the routes, one that drops it after them', () => {
    const before = find(rendered(starterSpec('staging', 'staging')), 'DestinationRule', 'wallet-api');
    const after = find(rendered(withCanary()), 'DestinationRule', 'wallet-api');
    expect(planWave(after, null)).toBe('destinations');
    expect(planWave(after, before)).toBe('destinations');
    expect(planWave(before, after)).toBe('retired-subsets');
    expect(planWave(find(rendered(withCanary()), 'VirtualService', 'wallet-api'), null)).toBe('routes');
  });
});

describe('the rollouts awaited before routing', () => {
  const plan = (objects: PlainObject[], action: (o: PlainObject) => string) => objects.map((o) => ({ objectId: objectId(o), kind: o.kind, action: action(o), wave: waveOf(o.kind), desired: o }));

  it('are the Deployments a subset selects, changed or not: the canary and the stable tracks, not workers', () => {
    const objects = rendered(withCanary());
    const changed = new Set(['wallet-api-canary', 'wallet-api', 'credential-worker']);
    const routed = routedDeployments(plan(objects, (o) => (o.kind === 'Deployment' && !changed.has(o.metadata.name) ? 'unchanged' : 'update')));
    expect(routed).toContain('Deployment/personapass-staging/wallet-api-canary');
    expect(routed).toContain('Deployment/personapass-staging/wallet-api');
    expect(routed.some((id) => id.endsWith('/credential-worker') || id.endsWith('/redis'))).toBe(false);
  });

  it('include a canary left unchanged by a run that failed at the gate, when its routes change now', () => {
    const objects = rendered(withCanary());
    const action = (o: PlainObject) => (o.kind === 'DestinationRule' || o.kind === 'VirtualService' ? 'update' : 'unchanged');
    expect(routedDeployments(plan(objects, action))).toContain('Deployment/personapass-staging/wallet-api-canary');
  });

  it('are none on a first deploy: every routing object created, none deleted, so no host served traffic before', () => {
    const objects = rendered(withCanary());
    expect(routedDeployments(plan(objects, () => 'create'))).toEqual([]);
  });

  it('are gated when routes move: everything created in a new namespace while the old one’s routes are deleted', () => {
    const objects = plan(rendered(withCanary()), () => 'create');
    const old = rendered(starterSpec('staging-old', 'staging')).filter((o) => o.kind === 'VirtualService');
    const moved = [...objects, ...plan(old, () => 'delete')];
    expect(routedDeployments(moved)).toContain('Deployment/personapass-staging/wallet-api-canary');
  });

  it('are gated when a DestinationRule is recreated under a live VirtualService', () => {
    const objects = rendered(withCanary());
    const action = (o: PlainObject) => (o.kind === 'VirtualService' ? 'unchanged' : 'create');
    expect(routedDeployments(plan(objects, action))).toContain('Deployment/personapass-staging/wallet-api-canary');
  });

  it('include a canary added beside a live stable track: its DestinationRule is changed, its Deployment created', () => {
    const objects = rendered(withCanary());
    const action = (o: PlainObject) => (o.metadata.name === 'wallet-api-canary' ? 'create' : o.kind === 'DestinationRule' && o.metadata.name === 'wallet-api' ? 'update' : 'unchanged');
    expect(routedDeployments(plan(objects, action))).toContain('Deployment/personapass-staging/wallet-api-canary');
  });

  it('only when the run changes a route or a subset', () => {
    const objects = rendered(withCanary());
    expect(changesRouting(plan(objects, (o) => (o.kind === 'VirtualService' ? 'update' : 'unchanged')))).toBe(true);
    expect(changesRouting(plan(objects, (o) => (o.kind === 'Deployment' ? 'update' : 'unchanged')))).toBe(false);
  });
});
