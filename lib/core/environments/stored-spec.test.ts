import { describe, expect, it } from 'vitest';
import { starterSpec } from './starter-specs';
import { currentSpecVersion, readStoredSpec } from './stored-spec';

describe('readStoredSpec', () => {
  it('parses a current spec, dropping nothing and adding no problems', () => {
    const spec = starterSpec('dev', 'development');
    expect(readStoredSpec(JSON.parse(JSON.stringify(spec)), currentSpecVersion)).toEqual({ spec, problems: [] });
  });

  it('still reads a revision that today’s rules refuse, naming what fails', () => {
    const old = { ...starterSpec('prod', 'production'), protection: { protected: true, approvalsRequired: 1, approvalExpiryHours: 24 } };
    const read = readStoredSpec(old, currentSpecVersion);
    expect(read.spec.name).toBe('prod');
    expect(read.problems).toEqual([expect.objectContaining({ path: 'protection.approvalsRequired' })]);
  });

  it('refuses versions it does not know', () => {
    expect(readStoredSpec(starterSpec('dev', 'development'), currentSpecVersion + 1).problems[0]?.message).toContain('not one this console reads');
    expect(readStoredSpec(starterSpec('dev', 'development'), 0).problems).toHaveLength(1);
  });
});
