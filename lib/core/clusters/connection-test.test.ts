import { describe, expect, it } from 'vitest';
import { connectionChecks, connectionTest, describeCheck, type ProbeAnswer } from './connection-test';

describe('connection checks', () => {
  it('ask, in every platform namespace, for the rights server-side apply and observing need', () => {
    const { needed, broader } = connectionChecks(['personapass-dev', 'personapass-dev-tracing']);
    expect(needed.map(describeCheck).slice(0, 7)).toEqual([
      'patch namespaces personapass-dev',
      'patch deployments.apps in personapass-dev',
      'patch services in personapass-dev',
      'patch configmaps in personapass-dev',
      'patch networkpolicies.networking.k8s.io in personapass-dev',
      'watch pods in personapass-dev',
      'get pods/log in personapass-dev',
    ]);
    expect(needed).toHaveLength(14);
    expect(broader.map(describeCheck)).toEqual([
      'list secrets cluster-wide',
      'create clusterrolebindings.rbac.authorization.k8s.io cluster-wide',
      'patch namespaces cluster-wide',
      'create pods in kube-system',
    ]);
  });

  it('splits the answers, given in the order asked, into needed and broader', () => {
    const checks = connectionChecks(['ns']);
    const answers = [...checks.needed, ...checks.broader].map((check, index) => ({ ...check, allowed: index === 0 }));
    const answer: ProbeAnswer = { identity: { username: 'u', groups: [] }, serverVersion: 'v1.36.3', answers };
    const result = connectionTest(answer, ['ns'], checks, new Date('2026-12-01T00:00:00Z'));
    expect(result.needed.map((a) => a.allowed)).toEqual([true, false, false, false, false, false, false]);
    expect(result.broader).toHaveLength(4);
    expect(result.testedAt).toBe('2026-12-01T00:00:00.000Z');
  });
});
