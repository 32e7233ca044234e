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

describe('component events from the events.k8s.io API', () => {
  // Events written through events.k8s.io/v1 (kube-scheduler's FailedScheduling since 1.19) read back
  // through core/v1 carry no count/lastTimestamp: their repetition is in series.
  it('a FailedScheduling seen 37 times, last at 07:59, shows count 37 and 07:59, not 1 and its first time', () => {
    const asCoreV1 = trimLiveObject('Event', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'wallet-api-7d9f8-aaaaa.17d1', namespace: 'personapass-prod', uid: 'ev-1', resourceVersion: '9', creationTimestamp: '2026-12-02T06:00:00Z' },
      involvedObject: { kind: 'Pod', name: 'wallet-api-7d9f8-aaaaa', namespace: 'personapass-prod', uid: 'p1' },
      reason: 'FailedScheduling',
      message: '0/3 nodes are available: 3 Insufficient memory.',
      type: 'Warning',
      // what the API server returns for a new-API event: firstTimestamp/lastTimestamp null, no count
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: '2026-12-02T06:00:00.123456Z',
      series: { count: 37, lastObservedTime: '2026-12-02T07:59:00.000000Z' },
      reportingComponent: 'default-scheduler',
      source: {},
    });
    const [event] = componentEvents([asCoreV1], 'wallet-api');
    expect(event).toMatchObject({ reason: 'FailedScheduling' });
    expect(event!.count).toBe(37);
    expect(event!.at).toBe('2026-12-02T07:59:00.000000Z');
  });

  it('a new-API event seen once falls back to its eventTime and count 1', () => {
    const once = trimLiveObject('Event', {
      apiVersion: 'v1',
      metadata: { name: 'wallet-api-7d9f8-aaaaa.17d2', namespace: 'personapass-prod', uid: 'ev-2', resourceVersion: '9' },
      involvedObject: { kind: 'Pod', name: 'wallet-api-7d9f8-aaaaa', namespace: 'personapass-prod' },
      reason: 'Scheduled',
      type: 'Normal',
      eventTime: '2026-12-02T06:00:00.123456Z',
    });
    expect(componentEvents([once], 'wallet-api')[0]).toMatchObject({ count: 1, at: '2026-12-02T06:00:00.123456Z' });
  });
});
