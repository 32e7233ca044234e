import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { freePort } from '@/scripts/stack/test-support';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DemoUser } from '@/scripts/oidc/demo-users';

// A real OpenID Connect issuer of our own (scripts/oidc/issuer.ts, oidc-provider) in a child process
// on a free loopback port, with accounts a test can change while it runs. No mock: the console's
// adapter talks to it over HTTP exactly as to a production identity provider.

export const testRedirectUri = 'http://127.0.0.1:3999/api/auth/callback/oidc';
const password = 'test-issuer-password';

export type TestIssuer = {
  url: string;
  clientId: string;
  clientSecret: string;
  setUsers(users: DemoUser[]): void;
  /** The authorization-code flow for one user, as a browser would do it; the token endpoint's answer. */
  signIn(email: string): Promise<{ id_token: string; refresh_token?: string; access_token: string }>;
  stop(): Promise<void>;
};

export async function startTestIssuer(users: DemoUser[]): Promise<TestIssuer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'pp-issuer-'));
  const usersFile = path.join(dir, 'users.json');
  const setUsers = (list: DemoUser[]) => writeFileSync(usersFile, JSON.stringify(list));
  setUsers(users);
  const clientSecret = randomBytes(24).toString('hex');
  const child = spawn(path.resolve('node_modules/.bin/tsx'), [path.resolve('scripts/oidc/issuer.ts')], {
    env: { ...process.env, PP_OIDC_PORT: String(port), OIDC_CLIENT_SECRET: clientSecret, OIDC_REDIRECT_URIS: testRedirectUri, PP_OIDC_USERS_FILE: usersFile, OIDC_DEMO_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForIssuer(url, child);
  const issuer = { url, clientId: 'personapass-console', clientSecret };
  return {
    ...issuer,
    setUsers,
    signIn: (email) => authorizationCodeFlow(issuer, email),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function authorizationCodeFlow(issuer: { url: string; clientId: string; clientSecret: string }, email: string) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const cookies = new Map<string, string>();
  const request = async (target: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(target, issuer.url), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      cookies.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    return response;
  };
  const query = new URLSearchParams({
    client_id: issuer.clientId,
    response_type: 'code',
    scope: 'openid email profile groups offline_access',
    prompt: 'consent',
    redirect_uri: testRedirectUri,
    state: randomBytes(8).toString('hex'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  let response = await request(`/auth?${query}`);
  for (let hop = 0; hop < 12; hop += 1) {
    const location = response.headers.get('location');
    if (location?.startsWith(testRedirectUri)) {
      const code = new URL(location).searchParams.get('code');
      if (!code) throw new Error(`the issuer refused the sign-in: ${location}`);
      return exchangeCode(issuer, code, verifier);
    }
    if (location) {
      response = await request(location);
      continue;
    }
    const login = /action="([^"]+\/login)"/.exec(await response.text());
    if (response.status !== 200 || !login) throw new Error(`unexpected answer ${response.status} from the issuer`);
    response = await request(login[1]!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }).toString(),
    });
    if (response.status === 401) throw new Error(`the issuer does not know ${email}`);
  }
  throw new Error('too many redirects at the issuer');
}

async function exchangeCode(issuer: { url: string; clientId: string; clientSecret: string }, code: string, verifier: string) {
  const response = await fetch(`${issuer.url}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${issuer.clientId}:${issuer.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: testRedirectUri, code_verifier: verifier }),
  });
  const body = (await response.json()) as { id_token: string; refresh_token?: string; access_token: string; error?: string };
  if (!response.ok) throw new Error(`token endpoint: ${response.status} ${body.error}`);
  return body;
}

export function idTokenClaims(idToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function waitForIssuer(url: string, child: ChildProcess): Promise<void> {
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the test issuer exited: ${output}`);
    try {
      if ((await fetch(`${url}/.well-known/openid-configuration`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`the test issuer did not start: ${output}`);
}
