import { describe, expect, it } from 'vitest';
import { trimLiveObject } from '../live/trim-live-object';
import { componentEvents } from './component-events';

// Review 10b (SRE) probe: events written through events.k8s.io/v1 (kube-scheduler's FailedScheduling
// since 1.19) read back through core/v1 carry no count/lastTimestamp: their repetition is in series.

describe('component events from the events.k8s.io API (probe)', () => {
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
});
