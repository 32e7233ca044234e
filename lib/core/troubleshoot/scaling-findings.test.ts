import { describe, expect, it } from 'vitest';
import type { LiveObject } from '../live/trim-live-object';
import type { TrimmedDeployment } from '../live/trimmed';
import { scalingFindings, type ScalingInput } from './scaling-findings';

const ns = 'personapass-dev';
function scaledObject(spec: Record<string, unknown>, conditions: object[] = [{ type: 'Ready', status: 'True' }]): LiveObject {
  return { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'credential-worker', namespace: ns, uid: 'u', resourceVersion: '1' }, spec, status: { conditions } };
}
const deployment = (replicas: number): TrimmedDeployment => ({
  kind: 'Deployment',
  metadata: { name: 'credential-worker', namespace: ns, uid: 'd', resourceVersion: '1', labels: {}, annotations: {} },
  replicas,
  paused: false,
  status: { replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, unavailableReplicas: 0, conditions: [] },
});
const queueTriggers = [{ type: 'redis', name: 'task-queue-length', metadata: { listName: 'task_queue', listLength: '10' } }, { type: 'cpu', name: 'cpu', metadata: { value: '70' } }];
const input = (more: Partial<ScalingInput>): ScalingInput => ({
  component: 'credential-worker',
  autoscaled: true,
  scaledObject: scaledObject({ minReplicaCount: 1, maxReplicaCount: 5, triggers: queueTriggers }),
  scaledObjectsServed: true,
  deployment: deployment(2),
  events: [],
  metrics: [{ metric: 's0-redis-task_queue', value: 12 }],
  ...more,
});

describe('scalingFindings', () => {
  it('finds nothing in a healthy autoscaler, or in a component that does not autoscale', () => {
    expect(scalingFindings(input({}))).toEqual([]);
    expect(scalingFindings(input({ autoscaled: false, scaledObject: undefined }))).toEqual([]);
  });

  it("gives a ScaledObject that is not Ready KEDA's words and its failure events", () => {
    const findings = scalingFindings(
      input({
        scaledObject: scaledObject({ minReplicaCount: 1, maxReplicaCount: 5, triggers: queueTriggers }, [{ type: 'Ready', status: 'False', reason: 'ScaledObjectCheckFailed', message: 'error connecting to redis' }]),
        events: [{ kind: 'Event', metadata: { name: 'e', namespace: ns, uid: 'e', resourceVersion: '1', labels: {}, annotations: {} }, involved: { kind: 'ScaledObject', name: 'credential-worker' }, type: 'Warning', reason: 'KEDAScalerFailed', message: 'dial tcp: connection refused', count: 4, lastSeen: '2026-12-02T10:00:00Z' }],
      }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toEqual(['Ready=False (ScaledObjectCheckFailed): error connecting to redis', 'event KEDAScalerFailed ×4: dial tcp: connection refused']);
  });

  it('finds a trigger erroring while Ready, and the fallback', () => {
    const findings = scalingFindings(
      input({
        scaledObject: scaledObject({ minReplicaCount: 1, maxReplicaCount: 5, triggers: queueTriggers }, [{ type: 'Ready', status: 'True' }, { type: 'Fallback', status: 'True', message: 'using fallback' }]),
        events: [{ kind: 'Event', metadata: { name: 'e', namespace: ns, uid: 'e', resourceVersion: '1', labels: {}, annotations: {} }, involved: { kind: 'ScaledObject', name: 'credential-worker' }, type: 'Warning', reason: 'KEDAScalerFailed', message: 'boom', count: 1 }],
      }),
    );
    expect(findings.map((f) => [f.severity, f.what])).toEqual([
      ['problem', 'a trigger of ScaledObject credential-worker is failing'],
      ['warning', 'ScaledObject credential-worker runs on its fallback replica count'],
    ]);
  });

  it('finds the maximum reached while the metric per replica is above its target', () => {
    const findings = scalingFindings(input({ deployment: deployment(5), metrics: [{ metric: 's0-redis-task_queue', value: 80 }] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toEqual(['5 replicas, maxReplicaCount 5', 's0-redis-task_queue = 80 (16 per replica, target 10)']);
    expect(scalingFindings(input({ deployment: deployment(5), metrics: [{ metric: 's0-redis-task_queue', value: 40 }] }))).toEqual([]);
    const unknown = scalingFindings(input({ deployment: deployment(5), metrics: { unavailable: 'Prometheus timed out' } }));
    expect(unknown[0]).toMatchObject({ severity: 'warning' });
    expect(unknown[0]!.evidence[1]).toMatch(/unknown: Prometheus timed out/);
  });

  it('finds a scale to zero that no trigger can wake (KEDA defaults the minimum to 0)', () => {
    const findings = scalingFindings(input({ scaledObject: scaledObject({ maxReplicaCount: 5, triggers: [{ type: 'cpu', metadata: { value: '70' } }] }) }));
    expect(findings[0]!.what).toBe('credential-worker may scale to zero but no trigger can wake it');
    expect(scalingFindings(input({ scaledObject: scaledObject({ minReplicaCount: 0, maxReplicaCount: 5, triggers: queueTriggers }) }))).toEqual([]);
  });

  it('says when KEDA is not installed or the ScaledObject is missing', () => {
    expect(scalingFindings(input({ scaledObjectsServed: false, scaledObject: undefined }))[0]!.what).toMatch(/does not serve ScaledObjects/);
    expect(scalingFindings(input({ scaledObject: undefined }))[0]!.what).toMatch(/has no ScaledObject/);
  });
});
