import { describe, expect, it } from 'vitest';
import { cloneSpec } from './clone-spec';
import { starterSpec } from './starter-specs';

describe('cloneSpec', () => {
  it('copies every setting under the new name and namespace without touching the source', () => {
    const staging = starterSpec('staging', 'staging');
    const copy = cloneSpec(staging, { name: 'staging-eu' });
    expect(copy.name).toBe('staging-eu');
    expect(copy.namespace).toBe('personapass-staging-eu');
    expect(copy.components).toEqual(staging.components);
    copy.components['wallet-api'].replicas = 9;
    expect(staging.components['wallet-api'].replicas).toBe(2);
  });

  it('makes a production clone protected with at least two approvals', () => {
    const copy = cloneSpec(starterSpec('staging', 'staging'), { name: 'prod-eu', tier: 'production' });
    expect(copy.protection).toMatchObject({ protected: true, approvalsRequired: 2 });
  });
});
