import { describe, expect, it } from 'vitest';
import { find, problemsByEnvironment, prodObjects, prodSpec } from './fixtures';
import type { PlainObject } from './problem';
import { checkVerticalPodAutoscalers } from './vertical-pod-autoscalers';

const messages = (objects: PlainObject[]) => checkVerticalPodAutoscalers(objects, { spec: prodSpec }).map((p) => `${p.object} ${p.path}: ${p.message}`);
const vpa = (objects: PlainObject[], name: string, namespace = 'personapass-prod') => find(objects, 'VerticalPodAutoscaler', name, namespace);

describe('checkVerticalPodAutoscalers', () => {
  it('finds one recommendation-only VPA per workload in dev, staging and prod', () => {
    expect(problemsByEnvironment(checkVerticalPodAutoscalers)).toEqual({ dev: [], staging: [], prod: [] });
  });

  it('targets the Prometheus and Alertmanager resources, not the operator’s StatefulSets, and leaves the sidecar alone', () => {
    const objects = prodObjects();
    expect(vpa(objects, 'prometheus-personapass', 'personapass-prod-monitoring').spec.targetRef).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      name: 'personapass',
    });
    expect(vpa(objects, 'wallet-api').spec).toEqual({
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'wallet-api' },
      updatePolicy: { updateMode: 'Off' },
      resourcePolicy: { containerPolicies: [{ containerName: 'istio-proxy', mode: 'Off' }, { containerName: '*', controlledResources: ['cpu', 'memory'] }] },
    });
    expect(vpa(objects, 'jaeger-query', 'personapass-prod-tracing').spec.resourcePolicy.containerPolicies).toEqual([
      { containerName: '*', controlledResources: ['cpu', 'memory'] },
    ]);
  });

  it.each(['Auto', 'Recreate', 'InPlaceOrRecreate', 'Initial', undefined])('fails update mode %s', (mode) => {
    const objects = prodObjects();
    vpa(objects, 'wallet-api').spec.updatePolicy = mode === undefined ? undefined : { updateMode: mode };
    expect(messages(objects)).toEqual([expect.stringMatching(/^VerticalPodAutoscaler\/personapass-prod\/wallet-api spec.updatePolicy.updateMode: .*must be Off/)]);
  });

  it('fails a workload without a VPA, one with two, and a VPA aimed at nothing', () => {
    const objects = prodObjects();
    const redis = vpa(objects, 'redis');
    objects.splice(objects.indexOf(redis), 1);
    const twin = structuredClone(vpa(objects, 'identity-service'));
    twin.metadata.name = 'identity-service-2';
    objects.push(twin);
    vpa(objects, 'jaeger-query', 'personapass-prod-tracing').spec.targetRef.name = 'jaeger';
    expect(messages(objects)).toEqual([
      'VerticalPodAutoscaler/personapass-prod-tracing/jaeger-query spec.targetRef: targets Deployment/jaeger, which is not a workload of the render',
      'Deployment/personapass-prod/identity-service metadata.name: 2 VerticalPodAutoscalers target it: VerticalPodAutoscaler/personapass-prod/identity-service, VerticalPodAutoscaler/personapass-prod/identity-service-2',
      'Deployment/personapass-prod/redis metadata.name: no VerticalPodAutoscaler recommends its resources',
      'Deployment/personapass-prod-tracing/jaeger-query metadata.name: no VerticalPodAutoscaler recommends its resources',
    ]);
  });
});
