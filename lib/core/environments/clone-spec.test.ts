import { describe, expect, it } from 'vitest';
import { cloneSpec } from './clone-spec';
import { environmentSpecSchema } from './environment-spec';
import { starterSpec } from './starter-specs';

describe('cloneSpec', () => {
  it('copies every setting under the new name and namespace without touching the source', () => {
    const staging = starterSpec('staging', 'staging');
    const copy = cloneSpec(staging, { name: 'staging-eu' }).spec;
    expect(copy.name).toBe('staging-eu');
    expect(copy.namespace).toBe('personapass-staging-eu');
    expect(copy.components).toEqual(staging.components);
    copy.components['wallet-api'].replicas = 9;
    expect(staging.components['wallet-api'].replicas).toBe(2);
  });

  it('makes a production clone protected with at least two approvals', () => {
    const copy = cloneSpec(starterSpec('staging', 'staging'), { name: 'prod-eu', tier: 'production' }).spec;
    expect(copy.protection).toMatchObject({ protected: true, approvalsRequired: 2 });
  });

  it('lowers a production clone’s replicas and autoscaling bounds to its node count, and says so', () => {
    const staging = starterSpec('staging', 'staging');
    staging.components['wallet-api'].autoscaling.minReplicas = 6;
    staging.components['wallet-api'].canary = { image: { repository: 'registry.personapass.io/personapass/wallet-api', tag: '2.4.0' }, replicas: 6, weightPercent: 10 };
    const { spec, lowered } = cloneSpec(staging, { name: 'prod-eu', tier: 'production' });
    expect(spec.components['wallet-api'].autoscaling).toMatchObject({ minReplicas: 5, maxReplicas: 5 });
    expect(lowered).toContain('wallet-api autoscaling max 6 → 5');
    expect(lowered).toContain('wallet-api autoscaling min 6 → 5');
    expect(lowered).toContain('wallet-api canary replicas 6 → 5');
    expect(lowered).toContain('credential-worker working hours dropped (production never scales to zero by schedule)');
    expect(environmentSpecSchema.safeParse(spec).success).toBe(true);
  });

  it('keeps a staging clone’s figures: only production places one replica per node', () => {
    const { spec, lowered } = cloneSpec(starterSpec('staging', 'staging'), { name: 'staging-eu' });
    expect(lowered).toEqual([]);
    expect(spec.components['wallet-api'].autoscaling.maxReplicas).toBe(6);
  });
});
