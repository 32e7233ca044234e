import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { encode } from 'next-auth/jwt';
import type { Role } from '@/lib/core/auth/roles';
import { getEnv } from '@/lib/env';
import { newSessionClaims } from '@/lib/server/auth/session-actor';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { getDeps } from '@/lib/server/deps';
import { contextFor, createActor } from './test-deps';

// Route handlers run exactly as Next runs them (a Request in, a Response out), against the run's
// database, authenticated with real personal API tokens.

/** Where the handlers believe they are served (NEXTAUTH_URL). */
export const harnessOrigin = 'http://127.0.0.1:3999';

export function configureRouteEnv(): void {
  Object.assign(process.env, {
    DATABASE_URL: inject('databaseUrl'),
    NEXTAUTH_URL: harnessOrigin,
    NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
    OIDC_ISSUER: 'http://127.0.0.1:55480',
    OIDC_CLIENT_ID: 'personapass-console',
    OIDC_CLIENT_SECRET: 'test-secret',
    CREDENTIAL_KEYS: `t1:${randomBytes(32).toString('base64')}`,
    CREDENTIAL_ACTIVE_KEY_ID: 't1',
  });
}

export type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

export type Call = {
  method?: string;
  path: string;
  params?: Record<string, string>;
  token?: string;
  /** A Cookie header, e.g. from sessionCookieFor. */
  cookie?: string;
  /**
   * The Origin header. Cookie writes default to the console's own origin, as a browser on the
   * console's pages sends it; null sends none. An origin in `headers` wins.
   */
  origin?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  /** A stream that does not end by itself (live state): read this long, then hang up. */
  streamForMs?: number;
};

export async function call(handler: Handler, request: Call): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.cookie) headers.cookie = request.cookie;
  const browserWrite = Boolean(request.cookie) && !['GET', 'HEAD'].includes(request.method ?? 'GET');
  const origin = request.origin === undefined ? (browserWrite ? harnessOrigin : undefined) : request.origin;
  if (origin) headers.origin ??= origin;
  let body: string | undefined = request.rawBody;
  if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await handler(new Request(`${harnessOrigin}${request.path}`, { method: request.method ?? 'GET', headers, body }), {
    params: Promise.resolve(request.params ?? {}),
  });
  const text = request.streamForMs !== undefined && response.status === 200 ? await readFor(response, request.streamForMs) : await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text so the assertion shows it
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** A user of the role with a live API token and a browser session cookie, as next-auth would set it. */
export async function tokenFor(role: Role): Promise<{ token: string; cookie: string; userId: string; email: string }> {
  const deps = getDeps();
  const actor = await createActor(deps, role);
  const created = await createApiToken(contextFor(deps, actor), { name: `${role} test token`, expiresInDays: 1, scope: 'read-write' });
  return { token: created.secret, cookie: await sessionCookieFor(actor.userId), userId: actor.userId, email: actor.email };
}

/** A session cookie exactly as sign-in makes it (claims from session-actor.ts), optionally signed in `ageSeconds` ago. */
export async function sessionCookieFor(userId: string, options: { ageSeconds?: number } = {}): Promise<string> {
  const deps = getDeps();
  const user = await deps.users.getUser(userId);
  if (!user) throw new Error(`no enabled user ${userId}`);
  const claims = newSessionClaims(user, new Date(Date.now() - (options.ageSeconds ?? 0) * 1000));
  const jwt = await encode({ token: { sub: userId, ...claims }, secret: getEnv().NEXTAUTH_SECRET });
  return `next-auth.session-token=${jwt}`;
}

async function readFor(response: Response, ms: number): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + ms;
  let text = '';
  while (Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(0, deadline - Date.now())))]);
    if (chunk === null || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel();
  return text;
}
