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

  it('upgrades a version 1 spec: links to the platform’s dashboards follow their uids, which now carry the environment', () => {
    const current = starterSpec('prod', 'production');
    const v1 = { ...current, observability: { ...current.observability, grafanaDashboardIds: ['personapass-overview', 'personapass-mesh', 'team-latency'] } };
    const read = readStoredSpec(JSON.parse(JSON.stringify(v1)), 1);
    expect(read.problems).toEqual([]);
    expect(read.spec.observability.grafanaDashboardIds).toEqual(['personapass-prod-overview', 'personapass-prod-mesh', 'team-latency']);
    expect(readStoredSpec({ name: 'x', observability: 'broken' }, 1).problems.length).toBeGreaterThan(0);
  });

  it('refuses versions it does not know', () => {
    expect(readStoredSpec(starterSpec('dev', 'development'), currentSpecVersion + 1).problems[0]?.message).toContain('not one this console reads');
    expect(readStoredSpec(starterSpec('dev', 'development'), 0).problems).toHaveLength(1);
  });
});
