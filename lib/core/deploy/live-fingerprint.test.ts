import { describe, expect, it } from 'vitest';
import type { PlainObject } from './cluster-gateway';
import { driftForm, liveFingerprint } from './live-fingerprint';

const deployment = (change: (object: any) => void = () => undefined): PlainObject => {
  const object: any = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'w', namespace: 'p', uid: 'u', resourceVersion: '10', generation: 2, labels: { 'app.kubernetes.io/name': 'w' }, managedFields: [{ manager: 'personapass-console' }] },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'w', image: 'r/w:1' }] } } },
    status: { readyReplicas: 2, observedGeneration: 2 },
  };
  change(object);
  return object;
};
const autoscaled = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'p' }, spec: { template: {} } } as PlainObject;
const fixed = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'p' }, spec: { replicas: 2, template: {} } } as PlainObject;

describe('liveFingerprint', () => {
  it('does not move with status, server-owned metadata or a pod replaced (a new resourceVersion)', () => {
    const before = liveFingerprint(deployment(), fixed);
    const after = liveFingerprint(
      deployment((o) => {
        o.metadata.resourceVersion = '11';
        o.metadata.managedFields.push({ manager: 'kube-controller-manager' });
        o.status = { readyReplicas: 1, observedGeneration: 2 };
      }),
      fixed,
    );
    expect(after).toBe(before);
  });

  it('does not move with a scale step when the console leaves replicas to an autoscaler, and does when it sets them', () => {
    const scaled = deployment((o) => {
      o.spec.replicas = 5;
      o.metadata.generation = 3;
    });
    expect(liveFingerprint(scaled, autoscaled)).toBe(liveFingerprint(deployment(), autoscaled));
    expect(liveFingerprint(scaled, null)).toBe(liveFingerprint(deployment(), null)); // a deletion: replicas are nobody's concern
    expect(liveFingerprint(scaled, fixed)).not.toBe(liveFingerprint(deployment(), fixed));
  });

  it('moves with a field the console applies: an image, a label, a ConfigMap’s data', () => {
    expect(liveFingerprint(deployment((o) => (o.spec.template.spec.containers[0].image = 'r/w:2')), fixed)).not.toBe(liveFingerprint(deployment(), fixed));
    expect(liveFingerprint(deployment((o) => (o.metadata.labels.team = 'x')), fixed)).not.toBe(liveFingerprint(deployment(), fixed));
    const configMap = (value: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'p', resourceVersion: '1' }, data: { a: value } }) as PlainObject;
    expect(liveFingerprint(configMap('2'), configMap('1'))).not.toBe(liveFingerprint(configMap('1'), configMap('1')));
  });

  it('is null for an absent object, and leaves the live object as it was', () => {
    expect(liveFingerprint(null, fixed)).toBeNull();
    const live = deployment();
    expect(driftForm(live, autoscaled)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'p', labels: { 'app.kubernetes.io/name': 'w' } }, spec: { template: live.spec && (live.spec as any).template } });
    expect((live.spec as any).replicas).toBe(2);
  });
});
