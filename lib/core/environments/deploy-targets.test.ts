import { describe, expect, it } from 'vitest';
import { objectsOutsideTargets, requireWithinTargets } from './deploy-targets';

const held = [
  { cluster: 'c1', namespace: 'a' },
  { cluster: 'c1', namespace: 'a-monitoring' },
  { cluster: 'c2', namespace: 'x' },
];

describe('objectsOutsideTargets', () => {
  it('keeps objects in held namespaces of the cluster and their Namespace objects; anything else is outside', () => {
    const objects = [
      { kind: 'Deployment', namespace: 'a', name: 'w' },
      { kind: 'Namespace', namespace: '', name: 'a-monitoring' },
      { kind: 'Deployment', namespace: 'x', name: 'w' }, // held, but on another cluster
      { kind: 'Namespace', name: 'b' },
      { kind: 'ClusterRole', name: 'a' },
    ];
    expect(objectsOutsideTargets('c1', held, objects)).toEqual(objects.slice(2));
  });
});

describe('requireWithinTargets', () => {
  it('passes when every object is inside, and refuses naming the namespaces and what is held otherwise', () => {
    expect(() => requireWithinTargets('env', 'c1', held, [{ kind: 'Service', namespace: 'a', name: 's' }])).not.toThrow();
    expect(() => requireWithinTargets('env', 'c1', held, [{ kind: 'Service', namespace: 'b', name: 's' }, { kind: 'Namespace', name: 'b' }])).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/^env does not hold namespace b on cluster c1: 2 objects .*it holds a, a-monitoring/), details: { cluster: 'c1', namespaces: ['b'], held: ['a', 'a-monitoring'] } }),
    );
  });
});
