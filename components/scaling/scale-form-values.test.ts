import { describe, expect, it } from 'vitest';
import { initialValues, type ScaleSettings, toScaleRequest } from './scale-form-values';

const fixed: ScaleSettings = { autoscaled: false, replicas: 1, minReplicas: 1, maxReplicas: 3, triggers: { requestsPerSecond: 50, cpuUtilizationPercent: 70 } };
const keda: ScaleSettings = { autoscaled: true, replicas: 1, minReplicas: 0, maxReplicas: 3, triggers: { queueLength: 10, cpuUtilizationPercent: 70 } };

describe('the scale form', () => {
  it('sends only what changed, with the revision it was made from', () => {
    expect(toScaleRequest('wallet-api', 3, fixed, { ...initialValues(fixed), replicas: '2', reason: ' load test ' })).toEqual({
      ok: true,
      body: { component: 'wallet-api', expectedRevision: 3, replicas: 2, reason: 'load test' },
    });
    expect(toScaleRequest('credential-worker', 3, keda, { ...initialValues(keda), maxReplicas: '5', cpuUtilizationPercent: '', queueLength: '20' })).toEqual({
      ok: true,
      body: { component: 'credential-worker', expectedRevision: 3, maxReplicas: 5, triggers: { queueLength: 20, cpuUtilizationPercent: null } },
    });
    // Scale-to-zero off sends the new floor with it.
    expect(toScaleRequest('credential-worker', 3, keda, { ...initialValues(keda), scaleToZero: false, minReplicas: '2' })).toEqual({
      ok: true,
      body: { component: 'credential-worker', expectedRevision: 3, scaleToZero: false, minReplicas: 2 },
    });
  });

  it('answers bad values inline, per field, before sending anything', () => {
    expect(toScaleRequest('wallet-api', 1, fixed, { ...initialValues(fixed), replicas: '-1' })).toEqual({ ok: false, errors: { replicas: 'Replicas is a whole number' } });
    expect(toScaleRequest('wallet-api', 1, fixed, { ...initialValues(fixed), replicas: '101' })).toEqual({ ok: false, errors: { replicas: 'Replicas is at most 100' } });
    const bounds = toScaleRequest('credential-worker', 1, keda, { ...initialValues(keda), scaleToZero: false, minReplicas: '4', maxReplicas: '3', cpuUtilizationPercent: '150' });
    expect(bounds).toEqual({ ok: false, errors: { minReplicas: 'Minimum (4) must not exceed the maximum (3)', cpuUtilizationPercent: expect.stringContaining('at most 100') } });
    expect(toScaleRequest('credential-worker', 1, keda, { ...initialValues(keda), maxReplicas: '0' })).toEqual({ ok: false, errors: { maxReplicas: 'Maximum is at least 1' } });
    expect(toScaleRequest('wallet-api', 1, fixed, initialValues(fixed))).toEqual({ ok: false, errors: { form: 'Nothing changed: set a different value first.' } });
  });
});
