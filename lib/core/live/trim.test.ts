import { describe, expect, it } from 'vitest';
import { trimDeployment, trimPod, trimScaledObject } from './trim';

describe('trim', () => {
  it('keeps only the annotations the console reads and no pod address', () => {
    const pod = trimPod({
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'n', uid: 'u', resourceVersion: '1', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(10_000) }, ownerReferences: [{ kind: 'ReplicaSet', name: 'rs-1' }] },
      spec: { nodeName: 'node-a' },
      status: { phase: 'Running', podIP: '10.1.2.3', hostIP: '192.168.0.4', containerStatuses: [{ name: 'c', ready: true, restartCount: 2, image: 'i', state: { running: { startedAt: 't' } }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] },
    });
    expect(pod.metadata.annotations).toEqual({});
    expect(JSON.stringify(pod)).not.toMatch(/10\.1\.2\.3|192\.168/);
    expect(pod).toMatchObject({ replicaSet: 'rs-1', nodeName: 'node-a', containers: [{ restartCount: 2, lastTerminated: { reason: 'OOMKilled', exitCode: 137 } }] });
  });

  it('survives malformed objects without throwing', () => {
    expect(trimDeployment(null)).toMatchObject({ kind: 'Deployment', metadata: { name: '' }, paused: false });
    expect(trimPod({ status: { phase: 'Exploded' } }).phase).toBe('Unknown');
  });

  it('reads KEDA pause annotations', () => {
    const so = (annotations: Record<string, string>) => trimScaledObject({ metadata: { annotations }, spec: { scaleTargetRef: { name: 'w' } } });
    expect(so({ 'autoscaling.keda.sh/paused-replicas': '0' }).paused).toEqual({ replicas: 0 });
    expect(so({ 'autoscaling.keda.sh/paused': 'true' }).paused).toEqual({});
    expect(so({}).paused).toBeUndefined();
  });
});
