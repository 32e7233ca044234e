import { describe, expect, it } from 'vitest';
import { maxMessageLength, trimLiveObject } from './trim-live-object';

const metadata = {
  name: 'wallet-api-7d9f-abcde',
  namespace: 'personapass-dev',
  uid: 'u-1',
  resourceVersion: '42',
  creationTimestamp: '2026-12-01T10:00:00Z',
  labels: { 'app.kubernetes.io/name': 'wallet-api' },
  annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(4000), 'deployment.kubernetes.io/revision': '3' },
  ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'wallet-api-7d9f', uid: 'rs-1', controller: true, blockOwnerDeletion: true }],
  managedFields: [{ manager: 'kube-controller-manager', fieldsV1: { 'f:spec': {} } }],
};

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec: {
    nodeName: 'kwok-node-1',
    containers: [{ name: 'app', image: 'wallet-api:1.2.3', env: [{ name: 'DATABASE_PASSWORD', value: 'hunter2' }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }],
    volumes: [{ name: 'v', emptyDir: {} }],
  },
  status: {
    phase: 'Running',
    podIP: '10.0.0.7',
    hostIP: '192.168.1.2',
    conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'm'.repeat(2000), lastProbeTime: null }],
    containerStatuses: [
      {
        name: 'app',
        ready: false,
        restartCount: 7,
        image: 'wallet-api:1.2.3',
        imageID: 'sha256:abc',
        containerID: 'containerd://x',
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
        lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: '2026-12-01T10:05:00Z' } },
      },
    ],
  },
};

const crashed = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'wallet-api-1', namespace: 'personapass-dev', uid: 'u', resourceVersion: '1' },
  spec: { containers: [{ name: 'wallet-api', image: 'wallet-api:1' }] },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'wallet-api',
        ready: false,
        restartCount: 3,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        // What the kubelet copies from the log with FallbackToLogsOnError:
        lastState: { terminated: { reason: 'Error', exitCode: 1, message: 'connecting to postgres://wallet:S3cr3tPassw0rd@db:5432/wallet\npanic: auth failed' } },
      },
    ],
  },
};

describe('trimLiveObject', () => {
  it('keeps what a pod view and health verdict read, and nothing secret, addressable or bulky', () => {
    const trimmed = trimLiveObject('Pod', pod);
    const { managedFields: _managed, annotations: _annotations, ownerReferences: _owners, ...plain } = metadata;
    expect(trimmed.metadata).toEqual({ ...plain, annotations: { 'deployment.kubernetes.io/revision': '3' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'wallet-api-7d9f', uid: 'rs-1', controller: true }] });
    expect(trimmed.spec).toEqual({ nodeName: 'kwok-node-1', containers: [{ name: 'app', image: 'wallet-api:1.2.3' }] });
    expect(trimmed.status?.phase).toBe('Running');
    expect(trimmed.status?.containerStatuses).toEqual([
      {
        name: 'app',
        ready: false,
        restartCount: 7,
        image: 'wallet-api:1.2.3',
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: '2026-12-01T10:05:00Z' } },
      },
    ]);
    const text = JSON.stringify(trimmed);
    for (const gone of ['hunter2', '10.0.0.7', '192.168.1.2', 'managedFields', 'last-applied', 'containerd://', 'volumes']) expect(text).not.toContain(gone);
    const condition = (trimmed.status?.conditions as Array<{ message: string }>)[0]!;
    expect(condition.message).toHaveLength(maxMessageLength);
    expect(text.length).toBeLessThan(JSON.stringify(pod).length / 5);
  });

  it('keeps a Deployment’s rollout fields and its containers’ images', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { ...metadata, name: 'wallet-api', generation: 4 },
      spec: { replicas: 3, selector: { matchLabels: { app: 'w' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } }, template: { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'app', image: 'w:2', args: ['--x'] }] } } },
      status: { observedGeneration: 4, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'stuck' }] },
    };
    const trimmed = trimLiveObject('Deployment', deployment);
    expect(trimmed.metadata.generation).toBe(4);
    expect(trimmed.spec).toEqual({ replicas: 3, selector: { matchLabels: { app: 'w' } }, strategy: { type: 'RollingUpdate' }, template: { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'app', image: 'w:2' }] } } });
    expect(trimmed.status).toEqual({ observedGeneration: 4, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'stuck' }] });
  });

  it('keeps an Event’s object, reason and cut message; a ScaledObject’s bounds and triggers', () => {
    const event = trimLiveObject('Event', { apiVersion: 'v1', kind: 'Event', metadata, involvedObject: { kind: 'Pod', name: 'p', namespace: 'n', uid: 'u', fieldPath: 'spec.containers{app}' }, reason: 'BackOff', message: 'x'.repeat(5000), type: 'Warning', count: 12, lastTimestamp: 't' });
    expect(event).toMatchObject({ involvedObject: { kind: 'Pod', name: 'p', namespace: 'n', uid: 'u' }, reason: 'BackOff', type: 'Warning', count: 12, lastTimestamp: 't' });
    expect((event.message as string).length).toBe(maxMessageLength);

    const scaled = trimLiveObject('ScaledObject', {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata,
      spec: { scaleTargetRef: { name: 'wallet-api' }, minReplicaCount: 0, maxReplicaCount: 10, advanced: { horizontalPodAutoscalerConfig: {} }, triggers: [{ type: 'prometheus', metadata: { threshold: '50' }, authenticationRef: { name: 'secret-ish' } }] },
      status: { conditions: [{ type: 'Active', status: 'True' }], externalMetricNames: ['s0'] },
    });
    expect(scaled.spec).toEqual({ scaleTargetRef: { name: 'wallet-api' }, minReplicaCount: 0, maxReplicaCount: 10, triggers: [{ type: 'prometheus', metadata: { threshold: '50' } }] });
    expect(scaled.status).toEqual({ conditions: [{ type: 'Active', status: 'True' }] });
  });

  it('keeps a disruption budget’s and an HPA’s numbers', () => {
    expect(trimLiveObject('PodDisruptionBudget', { apiVersion: 'policy/v1', metadata, spec: { minAvailable: 1, selector: {} }, status: { currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0, expectedPods: 1, disruptedPods: { a: 't' } } })).toMatchObject({
      spec: { minAvailable: 1 },
      status: { currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0, expectedPods: 1 },
    });
    expect(trimLiveObject('HorizontalPodAutoscaler', { apiVersion: 'autoscaling/v2', metadata, spec: { minReplicas: 1, maxReplicas: 5, behavior: {} }, status: { currentReplicas: 2, desiredReplicas: 3 } })).toMatchObject({
      spec: { minReplicas: 1, maxReplicas: 5 },
      status: { currentReplicas: 2, desiredReplicas: 3 },
    });
  });

  // A termination message is what the container wrote to /dev/termination-log or, with
  // terminationMessagePolicy FallbackToLogsOnError, the tail of its log (80 lines / 2 KB): /live
  // streams to viewers, who may not read logs, and the log redaction would be bypassed.
  it('never keeps a container log tail a viewer could read through /live', () => {
    const trimmed = JSON.stringify(trimLiveObject('Pod', crashed));
    expect(trimmed).not.toContain('S3cr3tPassw0rd');
    expect(trimLiveObject('Pod', crashed).status?.containerStatuses).toEqual([
      { name: 'wallet-api', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'Error', exitCode: 1 } } },
    ]);
  });
});
