import { getToken } from 'next-auth/jwt';
import type { Actor } from '@/lib/core/auth/roles';
import { Unauthenticated } from '@/lib/core/errors';
import { sha256Hex } from '@/lib/core/hash';
import { getEnv } from '@/lib/env';
import type { Deps } from '../deps';
import { apiTokenPattern } from '../tokens/api-token-input';

/**
 * Who is calling: a personal API token (Authorization: Bearer) or the browser's session cookie.
 * The role is read from the database on every call, so a role change applies at once.
 */
export async function authenticateRequest(deps: Deps, request: Request): Promise<Actor | null> {
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const [scheme, secret] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !secret || !apiTokenPattern.test(secret)) {
      throw new Unauthenticated('the Authorization header must be "Bearer <API token>"');
    }
    const owner = await deps.apiTokens.findOwnerByHash(sha256Hex(secret), deps.now());
    if (!owner) throw new Unauthenticated('the API token is unknown, expired or revoked');
    return { userId: owner.id, email: owner.email, name: owner.name, role: owner.role, via: 'token' };
  }
  return actorFromSession(deps, request);
}

async function actorFromSession(deps: Deps, request: Request): Promise<Actor | null> {
  const env = getEnv();
  const cookieHeader = request.headers.get('cookie') ?? '';
  const cookies = Object.fromEntries(
    cookieHeader.split(';').flatMap((part) => {
      const index = part.indexOf('=');
      return index > 0 ? [[part.slice(0, index).trim(), safeDecode(part.slice(index + 1).trim())]] : [];
    }),
  );
  const jwt = await getToken({
    req: { headers: Object.fromEntries(request.headers), cookies } as never,
    secret: env.NEXTAUTH_SECRET,
    secureCookie: env.NEXTAUTH_URL.startsWith('https://'),
  });
  const userId = typeof jwt?.userId === 'string' ? jwt.userId : undefined;
  if (!userId) return null;
  const user = await deps.users.getUser(userId);
  return user ? { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session' } : null;
}

// Other apps on the same host (cookies ignore ports) may set cookies that are not URI-encoded.
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
