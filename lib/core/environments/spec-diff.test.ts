import { describe, expect, it } from 'vitest';
import { diffSpecs } from './spec-diff';
import { starterSpec } from './starter-specs';

describe('diffSpecs', () => {
  it('is empty for equal specs', () => {
    expect(diffSpecs(starterSpec('dev', 'development'), starterSpec('dev', 'development'))).toEqual([]);
  });

  it('lists each changed leaf by dotted path with before and after', () => {
    const before = starterSpec('dev', 'development');
    const after = structuredClone(before);
    after.components['wallet-api'].replicas = 4;
    after.toggles.tracingSamplingRatio = 0.5;
    expect(diffSpecs(before, after)).toEqual([
      { path: 'components.wallet-api.replicas', kind: 'changed', before: 1, after: 4 },
      { path: 'toggles.tracingSamplingRatio', kind: 'changed', before: 1, after: 0.5 },
    ]);
  });

  it('reports added and removed fields, and compares arrays whole', () => {
    const changes = diffSpecs({ a: { tag: '1' }, ids: ['x'] }, { a: { digest: 'sha256:1' }, ids: ['x', 'y'] });
    expect(changes).toEqual([
      { path: 'a.digest', kind: 'added', after: 'sha256:1' },
      { path: 'a.tag', kind: 'removed', before: '1' },
      { path: 'ids', kind: 'changed', before: ['x'], after: ['x', 'y'] },
    ]);
  });
});
