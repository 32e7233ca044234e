import { describe, expect, it } from 'vitest';
import { readObservabilityQuery } from './page-query';

// Hostile URL parameters of the monitoring and component pages: each falls back to the default
// instead of failing the page.

describe('readObservabilityQuery', () => {
  it('keeps a range and a component the pages know', () => {
    expect(readObservabilityQuery({ range: '6h', component: 'wallet-api' })).toEqual({ range: '6h', component: 'wallet-api' });
    expect(readObservabilityQuery({})).toEqual({ range: '1h', component: undefined });
  });

  it.each([
    ['an unknown range', '99y'],
    ['an empty range', ''],
    ['another case', '1H'],
    ['surrounding space', ' 1h '],
    ['a NUL byte', '1h\u0000'],
    ['100 000 characters', 'x'.repeat(100_000)],
    ['a prototype key', '__proto__'],
    ['an inherited name', 'toString'],
    ['an empty array', []],
  ])('falls back to the last hour for %s', (_label, range) => {
    expect(readObservabilityQuery({ range }).range).toBe('1h');
  });

  it.each([
    ['a path', '../../x'],
    ['an encoded path', 'wallet-api%2F..%2Fx'],
    ['a component that is not the platform’s', 'postgres'],
    ['PromQL', 'wallet-api"}'],
    ['100 000 characters', 'x'.repeat(100_000)],
    ['a prototype key', 'constructor'],
  ])('falls back to every component for %s', (_label, component) => {
    expect(readObservabilityQuery({ component }).component).toBeUndefined();
  });

  it('reads the first of a repeated parameter, as URLSearchParams.get does', () => {
    expect(readObservabilityQuery({ range: ['6h', '99y'], component: ['wallet-api', '../x'] })).toEqual({ range: '6h', component: 'wallet-api' });
    expect(readObservabilityQuery({ range: ['99y', '6h'], component: ['../x', 'wallet-api'] })).toEqual({ range: '1h', component: undefined });
  });
});
