import { describe, expect, it } from 'vitest';
import { trimLiveObject } from '../live/trim-live-object';
import { componentPods } from './pod-logs';

// Review 10b (SRE) probe: the log tail without ?pod= reads pods[0]. Mid-rollout the new ReplicaSet's
// pod (ContainerCreating, or ImagePullBackOff) can sort first; the API server then answers 400
// "container ... is waiting to start" and the tail says "logs unavailable" while a Running pod serves.

const pod = (name: string, phase: string, waiting?: string) =>
  trimLiveObject('Pod', {
    apiVersion: 'v1',
    metadata: { name, namespace: 'personapass-prod', uid: `uid-${name}`, resourceVersion: '1', labels: { 'app.kubernetes.io/name': 'wallet-api' } },
    spec: { nodeName: 'node-a', containers: [{ name: 'wallet-api', image: 'x' }] },
    status: {
      phase,
      containerStatuses: [{ name: 'wallet-api', ready: phase === 'Running', restartCount: 0, image: 'x', state: waiting ? { waiting: { reason: waiting } } : { running: { startedAt: '2026-12-02T07:00:00Z' } } }],
    },
  });

describe('the default pod of a log tail (probe)', () => {
  it('is a running pod, not the rollout\'s pod still waiting to start', () => {
    const pods = componentPods([pod('wallet-api-9c4f7b-zzzzz', 'Running'), pod('wallet-api-5d8b6c-aaaaa', 'Pending', 'ContainerCreating')], 'wallet-api');
    // HEAD: sorted by name only -> wallet-api-5d8b6c-aaaaa (Pending) comes first.
    expect(pods[0]!.name).toBe('wallet-api-9c4f7b-zzzzz');
  });
});
