import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { renderAutoscaling } from './autoscaling';
import { toPlain } from './kube-object';

interface PlainScaler {
  kind: string;
  metadata: { name: string };
  spec: { minReplicaCount: number; triggers: { type: string; name: string; metadata: Record<string, string> }[] };
}

const scaler = (spec: ReturnType<typeof starterSpec>, name: string) =>
  (renderAutoscaling(spec).map(toPlain) as unknown as PlainScaler[]).find((o) => o.kind === 'ScaledObject' && o.metadata.name === name)!;

describe('KEDA ScaledObjects', () => {
  it('give the worker outside production its queue, its working hours and CPU, from zero', () => {
    const worker = scaler(starterSpec('staging', 'staging'), 'credential-worker');
    expect(worker.spec.minReplicaCount).toBe(0);
    expect(worker.spec.triggers.map((t) => t.type)).toEqual(['redis', 'cron', 'cpu']);
  });

  it('keep production without a schedule', () => {
    const worker = scaler(starterSpec('prod', 'production'), 'credential-worker');
    expect(worker.spec.triggers.map((t) => t.type)).toEqual(['redis', 'cpu']);
  });

  it('add a memory trigger on the component’s own container where the spec asks for one', () => {
    const spec = starterSpec('prod', 'production');
    spec.components['identity-service'].autoscaling.triggers.memoryUtilizationPercent = 80;
    expect(scaler(spec, 'identity-service').spec.triggers.at(-1)).toEqual({
      type: 'memory',
      name: 'memory',
      metricType: 'Utilization',
      metadata: { value: '80', containerName: 'identity-service' },
    });
    expect(scaler(spec, 'wallet-api').spec.triggers.map((t) => t.type)).toEqual(['prometheus', 'cpu']);
  });

  it('let a service with working hours outside production go to zero (the schedule wakes it)', () => {
    const spec = starterSpec('staging', 'staging');
    Object.assign(spec.components['wallet-api'].autoscaling, { minReplicas: 0, workingHours: { timeZone: 'UTC', days: ['mon'], start: '08:00', end: '18:00', replicas: 2 } });
    expect(scaler(spec, 'wallet-api').spec.minReplicaCount).toBe(0);
    spec.components['identity-service'].autoscaling.minReplicas = 0;
    expect(scaler(spec, 'identity-service').spec.minReplicaCount).toBe(1);
  });
});
