import { describe, expect, it } from 'vitest';
import type { PlainObject } from './cluster-gateway';
import { planHash } from './plan-hash';
import { storedPlanHash } from './stored-plan-hash';

const configMap = (value: string): PlainObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'p' }, data: { value } });
const plan = { cluster: 'k', namespace: 'p', revision: 3, flags: { components: null, allowDeletes: false, force: false } };

describe('storedPlanHash', () => {
  it('is the hash create-plan gives the same objects, deletions and flags', () => {
    const expected = planHash({ ...plan, applies: [configMap('a')], deletions: ['Service/p/old'] });
    const stored = [
      { objectId: 'ConfigMap/p/c', action: 'update', desired: configMap('a') },
      { objectId: 'Service/p/old', action: 'delete', desired: null },
    ];
    expect(storedPlanHash(plan, stored)).toBe(expected);
  });

  it('changes when a stored object, a deletion or a flag changes', () => {
    const stored = [{ objectId: 'ConfigMap/p/c', action: 'create', desired: configMap('reviewed') }];
    const hash = storedPlanHash(plan, stored);
    expect(storedPlanHash(plan, [{ ...stored[0]!, desired: configMap('swapped-in') }])).not.toBe(hash);
    expect(storedPlanHash(plan, [...stored, { objectId: 'Service/p/x', action: 'delete', desired: null }])).not.toBe(hash);
    expect(storedPlanHash({ ...plan, flags: { ...plan.flags, force: true } }, stored)).not.toBe(hash);
    expect(storedPlanHash(plan, [{ ...stored[0]!, desired: null }])).not.toBe(hash);
  });
});
