import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

// proxy.ts (at the repository root) as Next calls it: a request in, a response out. Settings are
// read once per process, so each case loads it afresh with its own NEXTAUTH_URL.

const settings = {
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
  NEXTAUTH_SECRET: 'x'.repeat(32),
  OIDC_ISSUER: 'https://sso.example.com',
  OIDC_CLIENT_ID: 'personapass-console',
  OIDC_CLIENT_SECRET: 'secret',
  CREDENTIAL_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CREDENTIAL_ACTIVE_KEY_ID: 'k1',
};
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

async function proxyWith(publicUrl: string) {
  process.env = { ...saved, ...settings, NEXTAUTH_URL: publicUrl };
  vi.resetModules();
  return (await import('@/proxy')).proxy;
}

const signedIn = { cookie: 'next-auth.session-token=anything' };
const nonceOf = (policy: string | null) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1];

describe('proxy', () => {
  it('hands a page request the nonce its response policy allows, fresh each time', async () => {
    const proxy = await proxyWith('http://127.0.0.1:3000');
    const first = proxy(new NextRequest('http://127.0.0.1:3000/environments', { headers: signedIn }));
    const policy = first.headers.get('content-security-policy');
    const nonce = nonceOf(policy);
    expect(nonce).toBeTruthy();
    // What Next and the root layout read: the request's CSP header and x-nonce, overridden by the proxy.
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(policy);
    expect(first.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    const second = proxy(new NextRequest('http://127.0.0.1:3000/environments', { headers: signedIn }));
    expect(nonceOf(second.headers.get('content-security-policy'))).not.toBe(nonce);
  });

  it('sends HSTS and COOP when the public URL is https, also behind a TLS-terminating proxy', async () => {
    const proxy = await proxyWith('https://console.example.com');
    for (const url of ['https://console.example.com/environments', 'http://10.0.0.5:3000/environments']) {
      const response = proxy(new NextRequest(url, { headers: signedIn }));
      expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    }
  });

  it('sends neither over plain http (the local demo)', async () => {
    const proxy = await proxyWith('http://127.0.0.1:3000');
    const response = proxy(new NextRequest('http://127.0.0.1:3000/environments', { headers: signedIn }));
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('cross-origin-opener-policy')).toBeNull();
    expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
  });

  it('lets status pages through without a session, with their own no-script policy, signed in or not', async () => {
    const proxy = await proxyWith('https://console.example.com');
    for (const request of [new NextRequest('https://console.example.com/status/dev?token=pps_x'), new NextRequest('https://console.example.com/status/dev.json', { headers: signedIn })]) {
      const answer = proxy(request);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('location')).toBeNull();
      expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      expect(answer.headers.get('x-middleware-request-x-nonce')).toBeNull();
    }
    expect(proxy(new NextRequest('https://console.example.com/statusx')).status).toBe(307);
  });

  it('serves sign-in with a nonce, redirects other signed-out pages, and locks API answers down', async () => {
    const proxy = await proxyWith('https://console.example.com');
    const signIn = proxy(new NextRequest('https://console.example.com/sign-in'));
    expect(signIn.headers.get('x-middleware-request-x-nonce')).toBe(nonceOf(signIn.headers.get('content-security-policy')));
    const signedOut = proxy(new NextRequest('https://console.example.com/admin/audit?x=1'));
    expect(signedOut.status).toBe(307);
    expect(signedOut.headers.get('location')).toBe('https://console.example.com/sign-in?callbackUrl=%2Fadmin%2Faudit%3Fx%3D1');
    const api = proxy(new NextRequest('https://console.example.com/api/v1/me'));
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(api.headers.get('strict-transport-security')).toBeTruthy();
    expect(api.headers.get('x-middleware-request-x-nonce')).toBeNull();
  });
});
