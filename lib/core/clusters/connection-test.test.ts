import { describe, expect, it } from 'vitest';
import { clusterServices } from '@/manifests/platform-defaults';
import { bearerTokenExpiry, connectionChecks, connectionTest, consoleIdentity, describeCheck, registrationConcerns, type ProbeAnswer } from './connection-test';

const probeAnswer = (answer: Partial<ProbeAnswer> & Pick<ProbeAnswer, 'answers'>): ProbeAnswer => ({
  identity: { username: consoleIdentity, groups: [] },
  serverVersion: 'v1.36.3',
  clusterUid: 'uid-1',
  ...answer,
});

describe('connection checks', () => {
  it('ask, in every platform namespace, for the rights server-side apply and observing need', () => {
    const { needed } = connectionChecks(['personapass-dev', 'personapass-dev-tracing']);
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
  });

  // SRE review of issue 7 (F8): a namespace admin's credential read every Secret and exec'd into
  // pods there, and the test called it least privilege.
  it('ask cluster-wide and in every platform namespace for rights the console must not have', () => {
    const { broader } = connectionChecks(['personapass-dev']);
    expect(broader.map(describeCheck)).toEqual([
      'list secrets cluster-wide',
      'create clusterrolebindings.rbac.authorization.k8s.io cluster-wide',
      'patch namespaces cluster-wide',
      'create pods in kube-system',
      'list secrets in personapass-dev',
      'get secrets in personapass-dev',
      'create pods/exec in personapass-dev',
    ]);
  });

  it('splits the answers, given in the order asked, into needed and broader', () => {
    const checks = connectionChecks(['ns']);
    const answers = [...checks.needed, ...checks.broader].map((check, index) => ({ ...check, allowed: index === 0 }));
    const result = connectionTest(probeAnswer({ answers, credentialExpiresAt: '2026-12-31T00:00:00.000Z' }), ['ns'], checks, new Date('2026-12-01T00:00:00Z'));
    expect(result.needed.map((a) => a.allowed)).toEqual([true, false, false, false, false, false, false]);
    expect(result.broader).toHaveLength(7);
    expect(result).toMatchObject({ testedAt: '2026-12-01T00:00:00.000Z', clusterUid: 'uid-1', credentialExpiresAt: '2026-12-31T00:00:00.000Z', identityIsConsole: true });
  });
});

describe('registration concerns', () => {
  const checks = connectionChecks(['ns']);
  const answers = (allowed: (index: number) => boolean) => [...checks.needed, ...checks.broader].map((check, index) => ({ ...check, allowed: allowed(index) }));

  it('are none for the console’s ServiceAccount with exactly what it needs', () => {
    expect(registrationConcerns(connectionTest(probeAnswer({ answers: answers((i) => i < checks.needed.length) }), ['ns'], checks, new Date()))).toEqual([]);
  });

  it('name another identity and every broader right', () => {
    const test = connectionTest(
      probeAnswer({ identity: { username: 'system:serviceaccount:team:deployer', groups: [] }, answers: answers((i) => i === checks.needed.length + 4) }),
      ['ns'],
      checks,
      new Date(),
    );
    expect(test.identityIsConsole).toBe(false);
    expect(registrationConcerns(test)).toEqual([
      `it acts as system:serviceaccount:team:deployer, not as the console's ServiceAccount ${consoleIdentity}, so no admission policy limits it`,
      'it may list secrets in ns (reads every Secret there (signing keys, database passwords))',
    ]);
  });

  it('expect the ServiceAccount the platform runs the console as', () => {
    expect(consoleIdentity).toBe(`system:serviceaccount:${clusterServices.console.namespace}:${clusterServices.console.serviceAccount}`);
  });
});

describe('a bearer token’s expiry', () => {
  const jwt = (payload: object) => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2lnbmF0dXJl`;

  // SRE review of issue 7 (F12): a 30-day TokenRequest token lapses with nothing to warn of it.
  it('is the JWT’s exp claim', () => {
    expect(bearerTokenExpiry(jwt({ sub: 'x', exp: 1_798_761_600 }))?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('is unknown for tokens that are not JWTs or carry no exp', () => {
    expect(bearerTokenExpiry('not-a-jwt-at-all')).toBeUndefined();
    expect(bearerTokenExpiry(jwt({ sub: 'x' }))).toBeUndefined();
    expect(bearerTokenExpiry('a.%%%.c')).toBeUndefined();
  });
});
