import { describe, expect, it } from 'vitest';
import { allowedDisruptions, checkDisruptionBudgets } from './disruption-budgets';
import { find, problemsByEnvironment, prodObjects, prodSpec } from './fixtures';
import type { PlainObject } from './problem';

describe('allowedDisruptions', () => {
  // The disruption controller rounds both percentages up (intstr.GetScaledValueFromIntOrPercent(…, true)).
  it.each([
    [{ minAvailable: '66%' }, 2, 0],
    [{ minAvailable: '66%' }, 3, 1],
    [{ minAvailable: '66%' }, 20, 6],
    [{ minAvailable: '50%' }, 2, 1],
    [{ minAvailable: '50%' }, 1, 0],
    [{ minAvailable: 2 }, 2, 0],
    [{ minAvailable: 1 }, 3, 2],
    [{ maxUnavailable: 1 }, 2, 1],
    [{ maxUnavailable: 0 }, 5, 0],
    [{ maxUnavailable: '10%' }, 2, 1],
    [{ maxUnavailable: '0%' }, 4, 0],
    [{ maxUnavailable: '34%' }, 3, 2],
    [{ maxUnavailable: 5 }, 3, 3],
    [{}, 3, 3],
  ])('%j of %i replicas allows %i', (budget, replicas, allowed) => {
    expect(allowedDisruptions(budget, replicas)).toBe(allowed);
  });

  it('refuses what Kubernetes does not read as a count or a whole percentage', () => {
    expect(allowedDisruptions({ minAvailable: '1' }, 3)).toBeUndefined();
    expect(allowedDisruptions({ maxUnavailable: '12.5%' }, 3)).toBeUndefined();
  });
});

describe('checkDisruptionBudgets', () => {
  it('finds that every budget of dev, staging and prod lets a drain evict a pod at the fewest replicas', () => {
    expect(problemsByEnvironment(checkDisruptionBudgets)).toEqual({ dev: [], staging: [], prod: [] });
  });

  it('reports a budget that allows none at the autoscaler floor, not at the maximum', () => {
    const objects = prodObjects();
    find(objects, 'ScaledObject', 'wallet-api').spec.minReplicaCount = 2;
    const pdb = find(objects, 'PodDisruptionBudget', 'wallet-api');
    delete pdb.spec.maxUnavailable;
    pdb.spec.minAvailable = '66%';
    expect(checkDisruptionBudgets(objects, { spec: prodSpec })).toEqual([
      expect.objectContaining({ object: 'PodDisruptionBudget/personapass-prod/wallet-api', path: 'spec.minAvailable', message: expect.stringMatching(/of 2 replica.*allows 0/) }),
    ]);
  });

  it('reports a budget whose selector matches no rendered pods', () => {
    const objects = prodObjects();
    find(objects, 'PodDisruptionBudget', 'wallet-api').spec.selector.matchLabels['app.kubernetes.io/name'] = 'walet-api';
    expect(checkDisruptionBudgets(objects, { spec: prodSpec })).toEqual([expect.objectContaining({ path: 'spec.selector' })]);
  });

  it('counts the pods the Prometheus Operator makes', () => {
    const objects = prodObjects();
    const prometheus = find(objects, 'Prometheus', 'personapass', 'personapass-prod-monitoring');
    const budget = (spec: object): PlainObject => ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'prometheus', namespace: 'personapass-prod-monitoring' },
      spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus', prometheus: 'personapass' } }, ...spec },
    });
    expect(prometheus.spec.replicas).toBe(2);
    expect(checkDisruptionBudgets([...objects, budget({ maxUnavailable: 1 })], { spec: prodSpec })).toEqual([]);
    expect(checkDisruptionBudgets([...objects, budget({ minAvailable: 2 })], { spec: prodSpec })).toEqual([
      expect.objectContaining({ object: 'PodDisruptionBudget/personapass-prod-monitoring/prometheus', path: 'spec.minAvailable' }),
    ]);
  });
});
