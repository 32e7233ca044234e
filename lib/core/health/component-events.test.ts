import { describe, expect, it } from 'vitest';
import { trimLiveObject } from '../live/trim-live-object';
import { belongsToComponent, componentEvents } from './component-events';

const event = (uid: string, kind: string, name: string, lastTimestamp: string, type = 'Normal') =>
  trimLiveObject('Event', {
    apiVersion: 'v1',
    metadata: { name: `${name}.${uid}`, namespace: 'personapass-dev', uid, resourceVersion: '1', creationTimestamp: '2026-12-02T07:00:00Z' },
    involvedObject: { kind, name, namespace: 'personapass-dev' },
    reason: 'Killing',
    message: `about ${name}`,
    type,
    count: 2,
    lastTimestamp,
  });

describe('componentEvents', () => {
  it("keeps the events of the component's objects, newest first, bounded", () => {
    const objects = [
      event('a', 'Pod', 'wallet-api-7d9f8-x', '2026-12-02T07:01:00Z'),
      event('b', 'Deployment', 'wallet-api', '2026-12-02T07:03:00Z'),
      event('c', 'ReplicaSet', 'wallet-api-canary-55c', '2026-12-02T07:02:00Z', 'Warning'),
      event('d', 'Pod', 'identity-service-6b5-y', '2026-12-02T07:04:00Z'),
      event('e', 'HorizontalPodAutoscaler', 'keda-hpa-wallet-api', '2026-12-02T07:00:30Z'),
      trimLiveObject('Pod', { apiVersion: 'v1', metadata: { name: 'wallet-api-7d9f8-x', namespace: 'personapass-dev', uid: 'p', resourceVersion: '1' } }),
    ];
    expect(componentEvents(objects, 'wallet-api').map((e) => [e.uid, e.object, e.type])).toEqual([
      ['b', 'Deployment/wallet-api', 'Normal'],
      ['c', 'ReplicaSet/wallet-api-canary-55c', 'Warning'],
      ['a', 'Pod/wallet-api-7d9f8-x', 'Normal'],
      ['e', 'HorizontalPodAutoscaler/keda-hpa-wallet-api', 'Normal'],
    ]);
    expect(componentEvents(objects, 'wallet-api', 2)).toHaveLength(2);
    expect(componentEvents(objects, 'wallet-api')[0]).toEqual({ uid: 'b', type: 'Normal', reason: 'Killing', message: 'about wallet-api', object: 'Deployment/wallet-api', count: 2, at: '2026-12-02T07:03:00Z' });
  });

  it("tells a component's objects from another's", () => {
    expect(belongsToComponent('wallet-api', 'ScaledObject', 'wallet-api')).toBe(true);
    expect(belongsToComponent('wallet-api', 'PodDisruptionBudget', 'wallet-api-canary')).toBe(true);
    expect(belongsToComponent('wallet-api', 'Service', 'wallet-api-metrics')).toBe(false);
    expect(belongsToComponent('wallet-api', 'Pod', 'identity-service-1-2')).toBe(false);
  });
});
