import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { validateValues, valuesFromSpec } from './form-values';

describe('spec form values', () => {
  it('give back the spec they were made from, fields without an input (dependencies) included', () => {
    const spec = starterSpec('prod', 'production');
    spec.components['wallet-api'].dependencies.push({ name: 'smtp', cidrs: ['192.0.2.0/28'], port: 587 });
    expect(validateValues(valuesFromSpec(spec))).toEqual({ spec, errors: {} });
  });

  it('carry a platform-run Grafana through unchanged, and leave it absent when the spec has none', () => {
    const spec = starterSpec('dev', 'development');
    expect(validateValues(valuesFromSpec(spec)).spec?.observability.grafana).toBeUndefined();
    spec.observability.grafanaUrl = 'https://grafana.dev.personapass.io';
    spec.observability.grafana = { run: true };
    expect(validateValues(valuesFromSpec(spec))).toEqual({ spec, errors: {} });
  });
});
