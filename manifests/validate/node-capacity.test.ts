import { describe, expect, it } from 'vitest';
import { find, problemsByEnvironment, prodObjects, prodSpec } from './fixtures';
import { checkNodeCapacity } from './node-capacity';

describe('checkNodeCapacity', () => {
  it('finds every pod under required host anti-affinity a node in dev, staging and prod', () => {
    expect(problemsByEnvironment(checkNodeCapacity)).toEqual({ dev: [], staging: [], prod: [] });
  });

  it('reports an autoscaler ceiling above the node count, at the ScaledObject', () => {
    const objects = prodObjects();
    find(objects, 'ScaledObject', 'wallet-api').spec.maxReplicaCount = 8;
    expect(checkNodeCapacity(objects, { spec: { ...prodSpec, nodes: 6 } })).toEqual([
      {
        object: 'ScaledObject/personapass-prod/wallet-api',
        path: 'spec.maxReplicaCount',
        message: 'up to 8 pods under required host anti-affinity, but the environment has 6 nodes: 2 would stay Pending',
        check: 'node-capacity',
      },
    ]);
  });

  it('reports fixed replicas above the tier default, and counts every workload the term selects', () => {
    const objects = prodObjects();
    const collector = find(objects, 'Deployment', 'jaeger-collector', 'personapass-prod-tracing');
    const spec = { ...prodSpec, nodes: undefined };
    collector.spec.replicas = 6;
    expect(checkNodeCapacity(objects, { spec })).toEqual([
      expect.objectContaining({ object: 'Deployment/personapass-prod-tracing/jaeger-collector', path: 'spec.replicas', message: expect.stringMatching(/has 5 nodes \(the production default; set spec.nodes\)/) }),
    ]);
    collector.spec.replicas = 3;
    const canary = structuredClone(collector);
    canary.metadata.name = 'jaeger-collector-canary';
    expect(checkNodeCapacity([...objects, canary], { spec })).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/up to 6 pods \(with Deployment\/personapass-prod-tracing\/jaeger-collector-canary\)/) }),
      expect.objectContaining({ object: 'Deployment/personapass-prod-tracing/jaeger-collector-canary' }),
    ]);
  });
});
