import { describe, expect, it } from 'vitest';
import type { TrimmedEvent } from '../live/trimmed';
import { trimDeployment, trimEvent, trimScaledObject } from '../live/trim';
import { starterSpec } from './starter-specs';
import { scaleView } from './scale-view';

const meta = (name: string) => ({ name, namespace: 'personapass-dev', uid: name, resourceVersion: '1' });
const event = (kind: string, name: string, reason: string, at: string, type = 'Normal'): TrimmedEvent =>
  trimEvent({ metadata: meta(`${name}.${at}`), involvedObject: { kind, name }, reason, type, message: `${reason} of ${name}`, count: 1, lastTimestamp: at });

describe('scaleView', () => {
  const spec = starterSpec('dev', 'development');
  const live = {
    reachability: { state: 'reachable' as const },
    deployments: [trimDeployment({ metadata: meta('credential-worker'), spec: {}, status: { replicas: 4, readyReplicas: 3 } })],
    scaledObjects: [trimScaledObject({ metadata: meta('credential-worker'), spec: { scaleTargetRef: { name: 'credential-worker' }, minReplicaCount: 0, maxReplicaCount: 5 }, status: { conditions: [{ type: 'Active', status: 'True' }] } })],
    events: [
      event('HorizontalPodAutoscaler', 'keda-hpa-credential-worker', 'SuccessfulRescale', '2026-12-01T10:02:00Z'),
      event('ScaledObject', 'credential-worker', 'KEDAScaleTargetActivated', '2026-12-01T10:01:00Z'),
      event('ScaledObject', 'wallet-api', 'KEDAScaleTargetActivated', '2026-12-01T10:03:00Z'),
      event('Pod', 'credential-worker-abc', 'Pulled', '2026-12-01T10:04:00Z'),
      event('ScaledObject', 'credential-worker', 'KEDAScalerFailed', '2026-12-01T10:00:00Z', 'Warning'),
    ],
  };

  it('puts the head revision beside what runs, and the autoscaler\'s decisions of this component, newest first', () => {
    const view = scaleView('dev', 4, spec, 'credential-worker', live);
    expect(view).toMatchObject({
      autoscaled: true,
      headRevision: 4,
      spec: { minReplicas: 0, maxReplicas: 3, workingHours: true },
      zeroRefusal: null,
      live: { state: 'known', deployment: { desired: null, current: 4, ready: 3 }, scaledObject: { min: 0, max: 5, active: true, paused: false } },
    });
    expect(view.decisions.map((d) => [d.reason, d.source, d.warning])).toEqual([
      ['SuccessfulRescale', 'HorizontalPodAutoscaler/keda-hpa-credential-worker', false],
      ['KEDAScaleTargetActivated', 'ScaledObject/credential-worker', false],
      ['KEDAScalerFailed', 'ScaledObject/credential-worker', true],
    ]);
  });

  it('says why scale-to-zero is not allowed, and never shows a stale count for an unreachable cluster', () => {
    const view = scaleView('dev', 1, spec, 'wallet-api', { ...live, reachability: { state: 'unreachable', since: '2026-12-01T10:00:00Z', error: 'connect ECONNREFUSED' } });
    expect(view.autoscaled).toBe(false);
    expect(view.zeroRefusal).toMatch(/only an autoscaler/);
    expect(view.live).toEqual({ state: 'unreachable', since: '2026-12-01T10:00:00Z', error: 'connect ECONNREFUSED' });
    const staging = scaleView('staging', 1, starterSpec('staging', 'staging'), 'wallet-api', live);
    expect(staging.zeroRefusal).toMatch(/nothing would wake wallet-api/);
  });
});
