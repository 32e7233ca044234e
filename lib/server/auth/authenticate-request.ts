import { decode } from 'next-auth/jwt';
import type { Actor } from '@/lib/core/auth/roles';
import type { SessionClaims } from '@/lib/core/auth/session-policy';
import { isRoleConfirmationCurrent } from '@/lib/core/auth/token-policy';
import { Unauthenticated } from '@/lib/core/errors';
import { sha256Hex } from '@/lib/core/hash';
import { getEnv } from '@/lib/env';
import type { Deps } from '../deps';
import { apiTokenPattern } from '../tokens/api-token-input';
import { actorFromSession } from './session-actor';
import { sessionCookieName } from './session-cookie';

/**
 * Who is calling: a personal API token (Authorization: Bearer) or the browser's session cookie.
 * The role is read from the database on every call, so a role change applies at once; a session
 * also ends at its absolute lifetime and when the user's session version moves on.
 */
export async function authenticateRequest(deps: Deps, request: Request): Promise<Actor | null> {
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const [scheme, secret] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !secret || !apiTokenPattern.test(secret)) {
      throw new Unauthenticated('the Authorization header must be "Bearer <API token>"');
    }
    const found = await deps.apiTokens.findOwnerByHash(sha256Hex(secret), deps.now());
    if (!found) throw new Unauthenticated('the API token is unknown, expired or revoked');
    const { owner, scope, rolesConfirmedAt } = found;
    if (!isRoleConfirmationCurrent(rolesConfirmedAt, deps.now(), deps.settings.apiTokenConfirmationDays)) {
      throw new Unauthenticated(
        `the identity provider has not confirmed this token owner's role within ${deps.settings.apiTokenConfirmationDays} days, or no longer accepts their sign-in: sign in to the console to keep using API tokens`,
      );
    }
    return { userId: owner.id, email: owner.email, name: owner.name, role: owner.role, via: 'token', scope };
  }
  return actorFromCookies(deps, request.headers.get('cookie') ?? '');
}

/** The session actor from a Cookie header (API requests and server-rendered pages alike). */
export async function actorFromCookies(deps: Deps, cookieHeader: string): Promise<Actor | null> {
  const env = getEnv();
  const cookies = parseCookies(cookieHeader);
  const name = sessionCookieName(env.NEXTAUTH_URL);
  // next-auth splits large tokens into name.0, name.1, ...
  const chunks = Object.keys(cookies)
    .filter((key) => key.startsWith(`${name}.`) && /^\d+$/.test(key.slice(name.length + 1)))
    .sort((a, b) => Number(a.slice(name.length + 1)) - Number(b.slice(name.length + 1)));
  const token = cookies[name] ?? (chunks.length ? chunks.map((key) => cookies[key]).join('') : undefined);
  if (!token) return null;
  const claims = await decode({ token, secret: env.NEXTAUTH_SECRET }).catch(() => null);
  return actorFromSession(deps, claims as SessionClaims | null);
}

function parseCookies(header: string): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies[part.slice(0, index).trim()] = safeDecode(part.slice(index + 1).trim());
  }
  return cookies;
}

// Other apps on the same host (cookies ignore ports) may set cookies that are not URI-encoded.
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
