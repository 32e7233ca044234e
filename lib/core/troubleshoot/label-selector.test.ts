import { describe, expect, it } from 'vitest';
import { describeSelector, selects } from './label-selector';

describe('selects', () => {
  const labels = { 'app.kubernetes.io/name': 'wallet-api', tier: 'web' };
  it('follows Kubernetes: empty selects all, matchLabels and every operator', () => {
    expect(selects({}, labels)).toBe(true);
    expect(selects({ matchLabels: { tier: 'web' } }, labels)).toBe(true);
    expect(selects({ matchLabels: { tier: 'db' } }, labels)).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['wallet-api', 'x'] }] }, labels)).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'absent', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'Gt' as 'In', values: ['1'] }] }, labels)).toBe(false);
  });
  it('prints a selector as kubectl does', () => {
    expect(describeSelector({})).toBe('(all pods)');
    expect(describeSelector({ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['d', 'e'] }, { key: 'f', operator: 'Exists' }] })).toBe('a=b,c in (d,e),f');
  });
});
