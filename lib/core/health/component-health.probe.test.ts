// Review probe (SRE): health verdicts against what KEDA really writes into a ScaledObject's status.
import { describe, expect, it } from 'vitest';
import { trimDeployment, trimPodDisruptionBudget, trimScaledObject } from '../live/trim';
import { componentHealth } from './component-health';

const now = new Date('2025-06-02T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

// KEDA's Condition (kedacore/keda apis/keda/v1alpha1/condition_types.go) has type, status, reason
// and message only: no lastTransitionTime. This is the status of a ScaledObject whose trigger has
// just become active, before KEDA's next poll has scaled the Deployment from zero.
const wakingScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'credential-worker', namespace: 'personapass-dev', uid: 'so', resourceVersion: '9' },
  spec: { scaleTargetRef: { name: 'credential-worker' }, minReplicaCount: 0, maxReplicaCount: 10 },
  status: {
    conditions: [
      { type: 'Ready', status: 'True', reason: 'ScaledObjectReady', message: 'ScaledObject is defined correctly and is ready for scaling' },
      { type: 'Active', status: 'True', reason: 'ScalerActive', message: 'Scaling is performed because triggers are active' },
      { type: 'Fallback', status: 'False', reason: 'NoFallbackFound', message: 'No fallbacks are active on this scaled object' },
      { type: 'Paused', status: 'False', reason: 'ScaledObjectUnpaused' },
    ],
    triggersActivity: { 'task-queue-length': { isActive: true } },
  },
};

const atZero = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'credential-worker', namespace: 'personapass-dev', uid: 'd', resourceVersion: '8', generation: 4, creationTimestamp: ago(86_400) },
  spec: { replicas: 0 },
  status: {
    observedGeneration: 4,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', lastTransitionTime: ago(80_000) },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastTransitionTime: ago(80_000) },
    ],
  },
};

describe('probe: waking from zero with a real KEDA status', () => {
  it('a trigger that just became active is "waking", not Degraded', () => {
    const health = componentHealth({
      component: 'credential-worker',
      now,
      cluster: { state: 'reachable' },
      deployments: [trimDeployment(atZero)],
      pods: [],
      scaledObject: trimScaledObject(wakingScaledObject),
      disruptionBudgets: [trimPodDisruptionBudget({ metadata: { name: 'x' }, status: { expectedPods: 0 } })],
      alerts: [],
    });
    // HEAD: Degraded, "the autoscaler has been active for a while but credential-worker is at 0 replicas":
    // secondsSince(undefined) is +Infinity, so the 120 s wake grace never applies to a real ScaledObject.
    expect(health.status).toBe('Progressing');
  });
});
