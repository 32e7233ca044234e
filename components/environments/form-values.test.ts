import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { validateValues, valuesFromSpec } from './form-values';

describe('spec form values', () => {
  it('give back the spec they were made from, fields without an input (dependencies) included', () => {
    const spec = starterSpec('prod', 'production');
    spec.components['wallet-api'].dependencies.push({ name: 'smtp', cidrs: ['192.0.2.0/28'], port: 587 });
    expect(validateValues(valuesFromSpec(spec))).toEqual({ spec, errors: {} });
  });
});

describe('spec form values for fields without an input', () => {
  it('keep a rate limit, and keep its absence', () => {
    const spec = starterSpec('staging', 'staging');
    spec.components['wallet-api'].rateLimit = { requestsPerSecond: 400, burst: 1200 };
    delete spec.components['identity-service'].rateLimit;
    const { spec: back } = validateValues(valuesFromSpec(spec));
    expect(back?.components['wallet-api'].rateLimit).toEqual({ requestsPerSecond: 400, burst: 1200 });
    expect(back?.components['identity-service']).not.toHaveProperty('rateLimit');
  });
});

describe('spec form values and a canary', () => {
  it('keep the canary (image, replicas, weight, header) through an edit', () => {
    const spec = starterSpec('staging', 'staging');
    spec.components['wallet-api'].canary = {
      image: { repository: 'registry.personapass.io/personapass/wallet-api', tag: '2.4.0-rc.1' },
      replicas: 1,
      weightPercent: 5,
      header: { name: 'x-personapass-track', value: 'canary' },
    };
    expect(validateValues(valuesFromSpec(spec))).toEqual({ spec, errors: {} });
  });
});
