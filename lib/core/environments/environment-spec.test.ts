import { describe, expect, it } from 'vitest';
import { environmentSpecSchema, imageReference } from './environment-spec';
import { starterSpec } from './starter-specs';

function issuePaths(value: unknown): string[] {
  const result = environmentSpecSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('environment spec', () => {
  it('accepts the starter specs of every tier', () => {
    for (const tier of ['development', 'staging', 'production'] as const) {
      expect(issuePaths(starterSpec(`t-${tier.slice(0, 4)}`, tier))).toEqual([]);
    }
  });

  it('refuses names that are not DNS-1123 labels, naming the field', () => {
    expect(issuePaths({ ...starterSpec('dev', 'development'), name: 'Dev_1' })).toEqual(['name']);
    expect(issuePaths({ ...starterSpec('dev', 'development'), name: 'a'.repeat(64) })).toEqual(['name']);
    expect(issuePaths({ ...starterSpec('dev', 'development'), namespace: 'n'.repeat(53) })).toEqual(['namespace']);
  });

  it('refuses the latest tag in production but allows it in development', () => {
    const prod = starterSpec('prod', 'production');
    prod.components['wallet-api'].image.tag = 'latest';
    expect(issuePaths(prod)).toEqual(['components.wallet-api.image.tag']);
    const dev = starterSpec('dev', 'development');
    dev.components['wallet-api'].image.tag = 'latest';
    expect(issuePaths(dev)).toEqual([]);
  });

  it('needs exactly one of tag or digest', () => {
    const spec = starterSpec('dev', 'development');
    spec.components['identity-service'].image = { repository: 'example.com/a', tag: '1', digest: `sha256:${'a'.repeat(64)}` };
    expect(issuePaths(spec)).toEqual(['components.identity-service.image']);
    spec.components['identity-service'].image = { repository: 'example.com/a', digest: `sha256:${'a'.repeat(64)}` };
    expect(issuePaths(spec)).toEqual([]);
    expect(imageReference(spec.components['identity-service'].image)).toBe(`example.com/a@sha256:${'a'.repeat(64)}`);
  });

  it('refuses a limit below its request', () => {
    const spec = starterSpec('dev', 'development');
    spec.components['wallet-api'].resources.limits = { cpu: '200m', memory: '256Mi' };
    expect(issuePaths(spec)).toEqual(['components.wallet-api.resources.limits.cpu', 'components.wallet-api.resources.limits.memory']);
  });

  it('compares quantities across units (2 cores ≥ 1500m, 1Gi ≥ 1000Mi)', () => {
    const spec = starterSpec('dev', 'development');
    spec.components['wallet-api'].resources = { requests: { cpu: '1500m', memory: '1000Mi' }, limits: { cpu: '2', memory: '1Gi' } };
    expect(issuePaths(spec)).toEqual([]);
  });

  it('refuses autoscaling bounds with min above max, and autoscaling without triggers', () => {
    const spec = starterSpec('staging', 'staging');
    spec.components['wallet-api'].autoscaling.minReplicas = 9;
    spec.components['wallet-api'].autoscaling.maxReplicas = 3;
    spec.components['identity-service'].autoscaling.triggers = {};
    expect(issuePaths(spec).sort()).toEqual([
      'components.identity-service.autoscaling.triggers',
      'components.wallet-api.autoscaling.minReplicas',
    ]);
  });

  it('allows scaling to zero only with a trigger that can wake the component', () => {
    const spec = starterSpec('dev', 'development');
    expect(spec.components['credential-worker'].autoscaling).toMatchObject({ enabled: true, minReplicas: 0 });
    spec.components['credential-worker'].autoscaling.triggers = { cpuUtilizationPercent: 70 };
    expect(issuePaths(spec)).toEqual(['components.credential-worker.autoscaling.minReplicas']);
  });

  it('requires protection and approvals for production', () => {
    const prod = starterSpec('prod', 'production');
    prod.protection = { protected: false, approvalsRequired: 0, approvalExpiryHours: 24 };
    expect(issuePaths(prod)).toEqual(['protection.protected', 'protection.approvalsRequired']);
    prod.protection = { protected: true, approvalsRequired: 0, approvalExpiryHours: 24 };
    expect(issuePaths(prod)).toEqual(['protection.approvalsRequired']);
    prod.protection = { protected: true, approvalsRequired: 1, approvalExpiryHours: 24 };
    expect(issuePaths(prod)).toEqual(['protection.approvalsRequired']);
    prod.protection = { protected: true, approvalsRequired: 2, approvalExpiryHours: 24 };
    expect(issuePaths(prod)).toEqual([]);
  });

  it('refuses unknown fields at every level', () => {
    const spec = starterSpec('dev', 'development') as Record<string, unknown>;
    expect(issuePaths({ ...spec, colour: 'blue' })).toEqual(['']);
    const withExtra = starterSpec('dev', 'development');
    (withExtra.components['wallet-api'] as Record<string, unknown>).sidecar = true;
    expect(issuePaths(withExtra)).toEqual(['components.wallet-api']);
  });

  it('refuses wrong types with the field path', () => {
    const spec = starterSpec('dev', 'development') as unknown as { components: { 'wallet-api': { replicas: unknown } } };
    spec.components['wallet-api'].replicas = '3';
    expect(issuePaths(spec)).toEqual(['components.wallet-api.replicas']);
  });

  it('refuses non-http observability URLs such as javascript:', () => {
    const spec = starterSpec('dev', 'development');
    spec.observability.grafanaUrl = 'javascript:alert(1)';
    expect(issuePaths(spec)).toEqual(['observability.grafanaUrl']);
  });
});
