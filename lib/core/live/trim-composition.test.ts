import { describe, expect, it } from 'vitest';
import { trimDeployment, trimEvent, trimNode, trimPod, trimPodDisruptionBudget, trimScaledObject } from './trim';
import { observeLiveObject, trimLiveObject } from './trim-live-object';

// The watch cache keeps trimLiveObject's kubectl-shaped objects; the health verdict reads trim.ts's
// typed shapes. A verdict computed from the cache must equal one computed from the API server's full
// objects: whatever trim.ts reads, trimLiveObject keeps.
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'personapass-dev',
  uid: `uid-${name}`,
  resourceVersion: '42',
  generation: 3,
  creationTimestamp: '2026-12-01T10:00:00Z',
  labels: { 'app.kubernetes.io/name': 'wallet-api' },
  annotations: { 'deployment.kubernetes.io/revision': '7', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
  managedFields: [{ manager: 'x' }],
  ...extra,
});
const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, lastTransitionTime: '2026-12-01T10:05:00Z' });

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta('wallet-api'),
  spec: { replicas: 3, paused: false, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'wallet-api', image: 'r/w:1' }] } } },
  status: { observedGeneration: 3, replicas: 3, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 1, conditions: [condition('Progressing', 'False', 'ProgressDeadlineExceeded', 'ReplicaSet "wallet-api-abc" has timed out progressing.')] },
};
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta('wallet-api-abc-1', { ownerReferences: [{ kind: 'ReplicaSet', name: 'wallet-api-abc', uid: 'rs', controller: true }], deletionTimestamp: '2026-12-01T11:00:00Z' }),
  spec: { nodeName: 'node-a', containers: [{ name: 'wallet-api', image: 'r/w:1' }] },
  status: {
    phase: 'Pending',
    reason: 'Evicted',
    message: 'The node was low on resource: memory.',
    startTime: '2026-12-01T10:01:00Z',
    podIP: '10.1.2.3',
    conditions: [condition('PodScheduled', 'False', 'Unschedulable', '0/3 nodes are available: 3 Insufficient memory.')],
    initContainerStatuses: [{ name: 'init', ready: true, restartCount: 0, image: 'r/i:1', state: { terminated: { reason: 'Completed', exitCode: 0, finishedAt: '2026-12-01T10:02:00Z' } } }],
    containerStatuses: [
      {
        name: 'wallet-api',
        ready: false,
        restartCount: 5,
        image: 'r/w:1',
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
        lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-12-01T10:04:00Z' } },
      },
    ],
  },
};
const scaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: meta('wallet-api', { annotations: { 'autoscaling.keda.sh/paused-replicas': '0' } }),
  spec: { scaleTargetRef: { name: 'wallet-api' }, minReplicaCount: 0, maxReplicaCount: 6, triggers: [{ type: 'prometheus', metadata: { query: 'x' } }] },
  status: {
    lastActiveTime: '2026-12-01T09:30:00Z',
    conditions: [condition('Ready', 'True', 'ScaledObjectReady', 'ok'), condition('Active', 'False', 'ScalerNotActive', 'no activity')],
    triggersActivity: { 's0-prometheus': { isActive: false } },
  },
};
const budget = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: meta('wallet-api'),
  spec: { maxUnavailable: 1 },
  status: { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3 },
};
const event = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: meta('wallet-api-abc-1.1'),
  involvedObject: { kind: 'Pod', name: 'wallet-api-abc-1', namespace: 'personapass-dev', uid: 'p' },
  type: 'Warning',
  reason: 'BackOff',
  message: 'Back-off restarting failed container',
  count: 12,
  lastTimestamp: '2026-12-01T10:06:00Z',
};
const node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { ...meta('kwok-node-0'), namespace: undefined, labels: { 'topology.kubernetes.io/zone': 'zone-a', 'kubernetes.io/hostname': 'kwok-node-0', type: 'kwok' } },
  spec: { unschedulable: true, taints: [{ key: 'kwok.x-k8s.io/node', effect: 'NoSchedule' }], podCIDR: '10.0.0.0/24' },
  status: { conditions: [condition('MemoryPressure', 'False', 'ok', 'ok'), condition('Ready', 'True', 'KubeletReady', 'ready')], addresses: [{ type: 'InternalIP', address: '10.0.0.1' }], images: [{ names: ['x'] }] },
};

describe('the health shapes read from the watch cache', () => {
  it.each([
    ['Deployment', deployment, trimDeployment],
    ['Pod', pod, trimPod],
    ['ScaledObject', scaledObject, trimScaledObject],
    ['PodDisruptionBudget', budget, trimPodDisruptionBudget],
    ['Event', event, trimEvent],
  ] as const)('are the same for a cached %s as for the full object', (kind, raw, trim) => {
    expect(trim(trimLiveObject(kind, raw))).toEqual(trim(raw));
  });
});

describe('a ScaledObject followed by the watch cache', () => {
  // KEDA's conditions have no lastTransitionTime: the wake grace times a wake from status.lastActiveTime
  // and from when the cache saw Active turn True.
  const at = (active: 'True' | 'False', resourceVersion: string) => {
    const raw = { ...scaledObject, metadata: { ...scaledObject.metadata, resourceVersion }, status: { ...scaledObject.status, conditions: [{ type: 'Active', status: active, reason: 'r', message: 'm' }] } };
    return trimLiveObject('ScaledObject', raw);
  };
  const seenAt = new Date('2026-12-01T11:00:00Z');

  it('keeps status.lastActiveTime through the cache', () => {
    expect(trimScaledObject(trimLiveObject('ScaledObject', scaledObject)).lastActiveTime).toBe('2026-12-01T09:30:00Z');
  });

  it('stamps when it saw Active turn True, keeps the stamp while it stays True, drops it when it turns False', () => {
    const turned = observeLiveObject(at('False', '1'), at('True', '2'), seenAt);
    expect(trimScaledObject(turned).observedActiveSince).toBe('2026-12-01T11:00:00.000Z');
    const still = observeLiveObject(turned, at('True', '3'), new Date('2026-12-01T11:05:00Z'));
    expect(trimScaledObject(still).observedActiveSince).toBe('2026-12-01T11:00:00.000Z');
    expect(trimScaledObject(observeLiveObject(still, at('False', '4'), seenAt)).observedActiveSince).toBeUndefined();
  });

  it('does not guess when an object already active at its first sight became active', () => {
    expect(trimScaledObject(observeLiveObject(undefined, at('True', '1'), seenAt)).observedActiveSince).toBeUndefined();
  });
});

it('a cached Node keeps its zone and readiness, not its addresses, images or other labels', () => {
  const cached = trimLiveObject('Node', node);
  expect(cached.metadata.labels).toEqual({ 'topology.kubernetes.io/zone': 'zone-a', 'kubernetes.io/hostname': 'kwok-node-0' });
  expect(JSON.stringify(cached)).not.toMatch(/10\.0\.0\.1|images|podCIDR|MemoryPressure/);
  expect(trimNode(cached)).toMatchObject({ zone: 'zone-a', ready: true, unschedulable: true });
  // The same as from the full object but for the labels nobody reads.
  const withoutLabels = (trimmed: ReturnType<typeof trimNode>) => ({ ...trimmed, metadata: { ...trimmed.metadata, labels: {} } });
  expect(withoutLabels(trimNode(cached))).toEqual(withoutLabels(trimNode(node)));
});
