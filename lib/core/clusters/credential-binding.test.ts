import { describe, expect, it } from 'vitest';
import { credentialBinding, legacyCredentialBinding } from './credential-binding';

const base = { name: 'prod', apiServerUrl: 'https://kube.example.com:6443', caBundle: '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----' };

describe('credentialBinding', () => {
  it('changes with the name, the URL and the CA, and names its version', () => {
    const bindings = [base, { ...base, name: 'staging' }, { ...base, apiServerUrl: 'https://evil.example.com:6443' }, { ...base, caBundle: `${base.caBundle}\n` }].map(credentialBinding);
    expect(new Set(bindings).size).toBe(4);
    expect(bindings[0]).toMatch(/^personapass\/cluster-credential\/v2:/);
    expect(bindings).not.toContain(legacyCredentialBinding('prod'));
  });

  it('cannot be forged by moving text between fields', () => {
    // A naive "name|url|ca" join would make these two collide.
    const a = credentialBinding({ name: 'a|https://x', apiServerUrl: 'https://y', caBundle: 'c' });
    const b = credentialBinding({ name: 'a', apiServerUrl: 'https://x|https://y', caBundle: 'c' });
    expect(a).not.toBe(b);
  });

  it('does not depend on the order the fields were given in', () => {
    expect(credentialBinding({ caBundle: base.caBundle, apiServerUrl: base.apiServerUrl, name: base.name })).toBe(credentialBinding(base));
  });
});
