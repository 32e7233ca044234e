import { describe, expect, it } from 'vitest';
import { apiContentSecurityPolicy, contentSecurityPolicy, createNonce, transportSecurityHeaders } from './security-headers';

const directivesOf = (policy: string) =>
  Object.fromEntries(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));

describe('content security policy', () => {
  const nonce = createNonce();
  const production = directivesOf(contentSecurityPolicy({ nonce, development: false, https: false }));

  it('runs scripts only by this request’s nonce: no inline scripts, no eval', () => {
    expect(production['script-src']).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(production['style-src']).toEqual(["'self'", `'nonce-${nonce}'`]);
    for (const sources of Object.values(production)) expect(sources).not.toContain("'unsafe-inline'");
  });

  it('forbids framing, plugins and <base>, and lets the page call only its own origin', () => {
    expect(production).toMatchObject({
      'frame-ancestors': ["'none'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'connect-src': ["'self'"],
      'form-action': ["'self'"],
      'default-src': ["'self'"],
      'frame-src': ["'none'"],
    });
    expect(production['upgrade-insecure-requests']).toBeUndefined();
  });

  it('widens connect-src only by configured origins, relaxes eval and inline styles only under next dev, upgrades requests over https', () => {
    const widened = directivesOf(contentSecurityPolicy({ nonce, development: true, https: true, connectOrigins: ['https://grafana.example.com'] }));
    expect(widened['connect-src']).toEqual(["'self'", 'https://grafana.example.com']);
    expect(widened['script-src']).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'unsafe-eval'"]);
    expect(widened['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(widened['upgrade-insecure-requests']).toEqual([]);
  });

  it('frames only the configured Grafana origins', () => {
    const framing = directivesOf(contentSecurityPolicy({ nonce, development: false, https: true, frameOrigins: ['https://grafana.dev.example.com', 'https://grafana.prod.example.com'] }));
    expect(framing['frame-src']).toEqual(['https://grafana.dev.example.com', 'https://grafana.prod.example.com']);
    expect(framing['frame-ancestors']).toEqual(["'none'"]);
  });

  it('makes a fresh, unguessable nonce each time in the form Next reads from the header', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    expect(nonces.size).toBe(50);
    for (const value of nonces) expect(value).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('lets API answers load and frame nothing', () => {
    expect(directivesOf(apiContentSecurityPolicy)).toEqual({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"] });
  });
});

describe('transport security', () => {
  it('sends HSTS and Cross-Origin-Opener-Policy over https only', () => {
    expect(transportSecurityHeaders(true)).toEqual({ 'strict-transport-security': 'max-age=63072000; includeSubDomains', 'cross-origin-opener-policy': 'same-origin' });
    expect(transportSecurityHeaders(false)).toEqual({});
  });
});
