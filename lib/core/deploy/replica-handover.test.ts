import { describe, expect, it } from 'vitest';
import type { PlainObject } from './cluster-gateway';
import { autoscaledDeployments, autoscalerOf, planReplicaHandover, replicasOnly, replicasOwner } from './replica-handover';

const deployment = (spec: Record<string, unknown> = {}, managedFields?: unknown[]): PlainObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'identity-service', namespace: 'p', ...(managedFields ? { managedFields } : {}) },
  spec,
});
const scaledObject = (min?: number): PlainObject => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'identity-service', namespace: 'p' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'identity-service' }, ...(min === undefined ? {} : { minReplicaCount: min }) },
});
const hpa: PlainObject = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'p' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'wallet-api' }, maxReplicas: 4 } };
const owns = (manager: string, operation = 'Apply') => ({ manager, operation, fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:template': {} } } });
const other = (manager: string) => ({ manager, operation: 'Apply', fieldsV1: { 'f:spec': { 'f:template': {} } } });

describe('the replica handover to an autoscaler', () => {
  it('finds the Deployments a ScaledObject or an HPA scales, with their floors (KEDA 0, HPA 1 by default)', () => {
    const found = autoscaledDeployments([scaledObject(3), hpa, deployment()]);
    expect(Object.fromEntries(found)).toEqual({ 'p/identity-service': { scaler: 'ScaledObject/identity-service', floor: 3 }, 'p/wallet-api': { scaler: 'HorizontalPodAutoscaler/h', floor: 1 } });
    expect(autoscaledDeployments([scaledObject()]).get('p/identity-service')?.floor).toBe(0);
  });

  it('concerns only Deployments rendered without spec.replicas', () => {
    const found = autoscaledDeployments([scaledObject(3)]);
    expect(autoscalerOf(deployment(), found)).toEqual({ scaler: 'ScaledObject/identity-service', floor: 3 });
    expect(autoscalerOf(deployment({ replicas: 2 }), found)).toBeUndefined();
    expect(autoscalerOf(deployment(), new Map())).toBeUndefined();
  });

  it('tells who owns the live spec.replicas', () => {
    expect(replicasOwner(null)).toBe('nobody');
    expect(replicasOwner(deployment({ replicas: 1 }, [other('personapass-console')]))).toBe('nobody');
    expect(replicasOwner(deployment({ replicas: 3 }, [owns('personapass-console')]))).toBe('console');
    expect(replicasOwner(deployment({ replicas: 3 }, [owns('personapass-console'), owns('personapass-console-handover')]))).toBe('others');
    expect(replicasOwner(deployment({ replicas: 5 }, [other('personapass-console'), owns('kube-controller-manager', 'Update')]))).toBe('others');
  });

  it('hands over the running count before the apply that drops it, and sets the floor after a create', () => {
    const autoscaler = { scaler: 'ScaledObject/identity-service', floor: 3 };
    expect(planReplicaHandover(deployment({ replicas: 3 }, [owns('personapass-console')]), autoscaler)).toMatchObject({ when: 'before-apply', replicas: 3 });
    expect(planReplicaHandover(null, autoscaler)).toMatchObject({ when: 'after-apply', replicas: 3 });
    expect(planReplicaHandover(null, { ...autoscaler, floor: 0 })).toMatchObject({ when: 'after-apply', replicas: 1 });
    expect(planReplicaHandover(deployment({ replicas: 4 }, [owns('personapass-console-handover')]), autoscaler)).toBeNull();
    // Scaled through the scale subresource without a managedFields entry: its count is left alone.
    expect(planReplicaHandover(deployment({ replicas: 7 }, [other('personapass-console')]), autoscaler)).toBeNull();
    expect(replicasOnly(deployment({ replicas: 9, template: {} }), 3)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'identity-service', namespace: 'p' }, spec: { replicas: 3 } });
  });
});
