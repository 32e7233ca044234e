import { describe, expect, it } from 'vitest';
import { Conflict, InvalidInput } from '../errors';
import { type ScaleRequest, scaleComponent, scaleRequestSchema } from './scale-component';
import { starterSpec } from './starter-specs';

const dev = () => starterSpec('dev', 'development');
const staging = () => starterSpec('staging', 'staging');
const prod = () => starterSpec('prod', 'production');

function refusal(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInput) return error.issues;
    throw error;
  }
  throw new Error('expected a refusal');
}

const request = (value: Omit<ScaleRequest, 'component'> & { component?: ScaleRequest['component'] }) => scaleRequestSchema.parse({ component: 'wallet-api', ...value });

describe('scaleComponent', () => {
  it('sets replicas of a component without an autoscaler and says what changed', () => {
    const { spec, changes } = scaleComponent(dev(), request({ replicas: 3 }));
    expect(spec.components['wallet-api'].replicas).toBe(3);
    expect(changes).toEqual(['wallet-api: replicas 1 → 3']);
    expect(spec.components['identity-service']).toEqual(dev().components['identity-service']);
  });

  it('refuses min/max on a component without an autoscaler, and replicas on one KEDA scales', () => {
    expect(refusal(() => scaleComponent(dev(), request({ minReplicas: 1, maxReplicas: 2 })))).toEqual([
      { path: 'minReplicas', message: 'wallet-api has no autoscaler in dev: set replicas instead' },
      { path: 'maxReplicas', message: 'wallet-api has no autoscaler in dev: set replicas instead' },
    ]);
    expect(refusal(() => scaleComponent(staging(), request({ replicas: 4 })))).toEqual([
      { path: 'replicas', message: 'KEDA scales wallet-api in staging: set minReplicas and maxReplicas instead' },
    ]);
  });

  it('sets bounds and thresholds of an autoscaled component, removing a threshold with null', () => {
    const { spec, changes } = scaleComponent(staging(), request({ minReplicas: 3, maxReplicas: 8, triggers: { requestsPerSecond: 80, cpuUtilizationPercent: null } }));
    const scaling = spec.components['wallet-api'].autoscaling;
    expect(scaling).toMatchObject({ minReplicas: 3, maxReplicas: 8, triggers: { requestsPerSecond: 80 } });
    expect(scaling.triggers.cpuUtilizationPercent).toBeUndefined();
    expect(changes).toEqual(['wallet-api: min 2 → 3, max 6 → 8, requestsPerSecond 50 → 80, cpuUtilizationPercent 70 → none']);
  });

  it('refuses min above max', () => {
    expect(refusal(() => scaleComponent(staging(), request({ minReplicas: 5, maxReplicas: 4 })))).toEqual([
      { path: 'minReplicas', message: 'minReplicas (5) must not exceed maxReplicas (4)' },
    ]);
    expect(refusal(() => scaleComponent(staging(), request({ maxReplicas: 1 })))).toEqual([{ path: 'maxReplicas', message: 'minReplicas (2) must not exceed maxReplicas (1)' }]);
  });

  it('refuses bounds outside 0..100 at the edge', () => {
    expect(scaleRequestSchema.safeParse({ component: 'wallet-api', minReplicas: -1 }).success).toBe(false);
    expect(scaleRequestSchema.safeParse({ component: 'wallet-api', maxReplicas: 101 }).success).toBe(false);
    expect(scaleRequestSchema.safeParse({ component: 'wallet-api' }).success).toBe(false);
    expect(scaleRequestSchema.safeParse({ component: 'nginx', replicas: 1 }).success).toBe(false);
  });

  it("keeps production within its node count (one replica per node)", () => {
    expect(refusal(() => scaleComponent(prod(), request({ maxReplicas: 6 })))).toEqual([
      expect.objectContaining({ path: 'maxReplicas', message: expect.stringContaining('at most 5: production places one replica per node') }),
    ]);
    const withNodes = { ...prod(), nodes: 8 };
    expect(scaleComponent(withNodes, request({ maxReplicas: 8 })).spec.components['wallet-api'].autoscaling.maxReplicas).toBe(8);
  });

  describe('scale to zero', () => {
    it('is refused in production', () => {
      expect(refusal(() => scaleComponent(prod(), request({ scaleToZero: true })))).toEqual([
        { path: 'scaleToZero', message: 'production components are critical and never scale to zero' },
      ]);
      expect(refusal(() => scaleComponent(prod(), request({ minReplicas: 0 })))[0]?.path).toBe('minReplicas');
    });

    it('needs a waking trigger: a serving component needs working hours, requests alone cannot wake it', () => {
      expect(refusal(() => scaleComponent(staging(), request({ scaleToZero: true })))).toEqual([
        { path: 'scaleToZero', message: 'at zero no sidecar reports a request, so nothing would wake wallet-api: give it working hours (the schedule wakes it)' },
      ]);
    });

    it('lets the worker go to zero on its queue, and refuses when its queue trigger is removed', () => {
      const spec = staging();
      spec.components['credential-worker'].autoscaling.minReplicas = 1;
      delete spec.components['credential-worker'].autoscaling.workingHours;
      const { spec: next, changes } = scaleComponent(spec, request({ component: 'credential-worker', scaleToZero: true }));
      expect(next.components['credential-worker'].autoscaling.minReplicas).toBe(0);
      expect(changes).toEqual(['credential-worker: min 1 → 0']);
      expect(refusal(() => scaleComponent(next, request({ component: 'credential-worker', triggers: { queueLength: null } })))).toEqual([
        { path: 'minReplicas', message: 'scaling to zero needs a waking trigger: give the worker a queue-length trigger or working hours' },
      ]);
    });

    it('off removes working hours and keeps the window\'s replicas as the floor', () => {
      const { spec, changes } = scaleComponent(dev(), request({ component: 'credential-worker', scaleToZero: false }));
      expect(spec.components['credential-worker'].autoscaling).toMatchObject({ minReplicas: 1 });
      expect(spec.components['credential-worker'].autoscaling.workingHours).toBeUndefined();
      expect(changes).toEqual(['credential-worker: min 0 → 1, working hours removed']);
    });

    it('refuses contradictions', () => {
      expect(refusal(() => scaleComponent(dev(), request({ component: 'credential-worker', scaleToZero: true, minReplicas: 2 })))[0]).toEqual({ path: 'minReplicas', message: 'must be 0 (or left out) to scale to zero' });
    });
  });

  it('refuses a disabled component, and a request that changes nothing', () => {
    const spec = dev();
    spec.components['wallet-api'].enabled = false;
    expect(refusal(() => scaleComponent(spec, request({ replicas: 2 })))).toEqual([{ path: 'component', message: 'wallet-api is disabled in dev: enable it before scaling it' }]);
    expect(() => scaleComponent(dev(), request({ replicas: 1 }))).toThrow(Conflict);
  });

  it('never changes the spec it was given', () => {
    const spec = staging();
    const before = structuredClone(spec);
    scaleComponent(spec, request({ minReplicas: 3, triggers: { cpuUtilizationPercent: null } }));
    expect(spec).toEqual(before);
  });
});
