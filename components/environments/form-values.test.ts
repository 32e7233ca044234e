import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { validateValues, valuesFromSpec } from './form-values';

describe('spec form values', () => {
  it('give back the spec they were made from, fields without an input (dependencies) included', () => {
    const spec = starterSpec('prod', 'production');
    spec.components['wallet-api'].dependencies.push({ name: 'smtp', cidrs: ['192.0.2.0/28'], port: 587 });
    expect(validateValues(valuesFromSpec(spec))).toEqual({ spec, errors: {} });
  });

  it('carry working hours, the memory trigger and Pod Security reasons through unchanged (no input edits them yet)', () => {
    const spec = starterSpec('staging', 'staging');
    expect(spec.components['credential-worker'].autoscaling.workingHours).toBeDefined();
    spec.components['wallet-api'].autoscaling.triggers.memoryUtilizationPercent = 85;
    expect(validateValues(valuesFromSpec(spec))).toEqual({ spec, errors: {} });
    spec.podSecurity = { monitoring: { level: 'baseline', reason: 'the exporter image runs as root until 2.1 ships' } };
    expect(validateValues(valuesFromSpec(spec))).toEqual({ spec, errors: {} });
    // Absent stays absent.
    delete spec.podSecurity;
    delete spec.components['credential-worker'].autoscaling.workingHours;
    expect(validateValues(valuesFromSpec(spec))).toEqual({ spec, errors: {} });
  });
});
