import type { Actor } from '@/lib/core/auth/roles';
import { checkSession, type SessionClaims } from '@/lib/core/auth/session-policy';
import type { Deps } from '../deps';

/**
 * The actor behind a verified session cookie's claims, or null when the session has ended: past its
 * absolute lifetime, older than the user's session version (sign-out, role change, disabling), or
 * the user is disabled. The role is read from the database, never from the cookie.
 */
export async function actorFromSession(deps: Deps, claims: SessionClaims | null): Promise<Actor | null> {
  if (!claims || typeof claims.userId !== 'string') return null;
  const user = await deps.users.getUser(claims.userId);
  const verdict = checkSession(claims, user, deps.now(), deps.settings.sessionMaxAgeSeconds);
  if (!verdict.valid || !user) return null;
  const signedInAt = new Date((claims.signedInAt as number) * 1000);
  return { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session', scope: 'read-write', signedInAt };
}

/** The claims a new session starts with (see checkSession). */
export function newSessionClaims(user: { id: string; sessionVersion: number }, now: Date) {
  return { userId: user.id, sessionVersion: user.sessionVersion, signedInAt: Math.floor(now.getTime() / 1000) };
}
