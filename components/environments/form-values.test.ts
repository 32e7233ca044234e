import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { cidrKey, dependencyKey, emptyDependencyRow, withDependencyRows } from './dependency-values';
import { labelForField } from './field-labels';
import { fieldKeyForIssue, specFromValues, validateValues, valuesFromSpec } from './form-values';

function productionWithEverything() {
  const spec = starterSpec('prod', 'production');
  spec.nodes = 7;
  spec.observability.deadMansSwitch = true;
  spec.components['wallet-api'].dependencies.push({ name: 'smtp', cidrs: ['192.0.2.0/28', 'fd00:25::/64'], port: 587 });
  return spec;
}

describe('spec form values', () => {
  it('give back the spec they were made from: nodes, every dependency and the dead man’s switch included', () => {
    const spec = productionWithEverything();
    expect(validateValues(valuesFromSpec(spec))).toEqual({ spec, errors: {} });
  });

  it('leave nodes out when its input is empty (the tier default), and the dead man’s switch off when unticked', () => {
    const values = { ...valuesFromSpec(productionWithEverything()), nodes: ' ', 'observability.deadMansSwitch': false };
    const spec = specFromValues(values) as Record<string, unknown> & { observability: Record<string, unknown> };
    expect('nodes' in spec).toBe(false);
    expect(spec.observability.deadMansSwitch).toBe(false);
  });

  it('give each dependency field and each CIDR block its own input, an empty host absent', () => {
    const values = valuesFromSpec(productionWithEverything());
    expect(values[dependencyKey('wallet-api', 1, 'name')]).toBe('smtp');
    expect(values[dependencyKey('wallet-api', 1, 'host')]).toBe('');
    expect(values[dependencyKey('wallet-api', 1, 'port')]).toBe('587');
    expect(values[cidrKey('wallet-api', 1, 1)]).toBe('fd00:25::/64');
    expect(Object.keys(values).filter((key) => key.startsWith('components.credential-worker.dependencies'))).toEqual([]);
  });

  it('add and remove dependency rows and CIDR blocks without gaps in the numbering', () => {
    const spec = productionWithEverything();
    let values = withDependencyRows(valuesFromSpec(spec), 'wallet-api', (rows) => [...rows, emptyDependencyRow()]);
    expect(values[dependencyKey('wallet-api', 2, 'name')]).toBe('');
    expect(values[cidrKey('wallet-api', 2, 0)]).toBe('');
    values = withDependencyRows(values, 'wallet-api', (rows) => rows.filter((_, index) => index !== 0));
    expect(values[dependencyKey('wallet-api', 0, 'name')]).toBe('smtp');
    expect(cidrKey('wallet-api', 2, 0) in values).toBe(false);
    values = withDependencyRows(values, 'wallet-api', (rows) => rows.map((row, index) => (index === 0 ? { ...row, cidrs: row.cidrs.slice(1) } : row)));
    expect(values[cidrKey('wallet-api', 0, 0)]).toBe('fd00:25::/64');
    expect(cidrKey('wallet-api', 0, 1) in values).toBe(false);
  });

  it('put a bad CIDR block’s issue, from the schema or from the API, on that block’s input', () => {
    const values = { ...valuesFromSpec(productionWithEverything()), [cidrKey('wallet-api', 1, 1)]: '10.0.0.300/24' };
    expect(validateValues(values).errors).toEqual({ [cidrKey('wallet-api', 1, 1)]: 'must be a CIDR block such as 10.20.0.0/24 or fd00:10::/64' });
    expect(fieldKeyForIssue('spec.components.wallet-api.dependencies.1.cidrs.1')).toBe(cidrKey('wallet-api', 1, 1));
    expect(fieldKeyForIssue('spec.components.wallet-api.dependencies.1.port')).toBe(dependencyKey('wallet-api', 1, 'port'));
    expect(fieldKeyForIssue('spec.observability.grafanaDashboardIds.2')).toBe('observability.grafanaDashboardIds');
  });

  it('report an empty or non-numeric port as such', () => {
    const values = { ...valuesFromSpec(productionWithEverything()), [dependencyKey('wallet-api', 1, 'port')]: '58x' };
    expect(validateValues(values).errors).toEqual({ [dependencyKey('wallet-api', 1, 'port')]: 'must be a number' });
    values[dependencyKey('wallet-api', 1, 'port')] = '';
    expect(validateValues(values).errors).toEqual({ [dependencyKey('wallet-api', 1, 'port')]: 'required' });
  });

  it('label dependency fields for the error summary', () => {
    expect(labelForField(cidrKey('wallet-api', 0, 2))).toBe('wallet-api › Dependency 1 › CIDR block 3');
    expect(labelForField(dependencyKey('identity-service', 1, 'cidrs'))).toBe('identity-service › Dependency 2 › CIDR blocks');
    expect(labelForField('components.wallet-api.dependencies')).toBe('wallet-api › External dependencies');
    expect(labelForField('nodes')).toBe('Nodes');
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

  it('carry a platform-run Grafana through unchanged, and leave it absent when the spec has none', () => {
    const spec = starterSpec('dev', 'development');
    expect(validateValues(valuesFromSpec(spec)).spec?.observability.grafana).toBeUndefined();
    spec.observability.grafanaUrl = 'https://grafana.dev.personapass.io';
    spec.observability.grafana = { run: true };
    expect(validateValues(valuesFromSpec(spec))).toEqual({ spec, errors: {} });
  });
});
