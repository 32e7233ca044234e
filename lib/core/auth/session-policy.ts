// A browser session is a signed cookie (next-auth JWT). Signing alone cannot end it early, so every
// request also checks it against the server's view of the user: an absolute lifetime counted from
// sign-in (renewal never extends it) and a per-user session version that sign-out, disabling and
// role changes bump.

export type SessionClaims = { userId?: unknown; sessionVersion?: unknown; signedInAt?: unknown };

export type SessionVerdict = { valid: true; userId: string } | { valid: false; reason: string };

export function checkSession(
  claims: SessionClaims | null,
  user: { id: string; sessionVersion: number } | null,
  now: Date,
  maxAgeSeconds: number,
): SessionVerdict {
  if (!claims || typeof claims.userId !== 'string') return { valid: false, reason: 'no session' };
  if (typeof claims.signedInAt !== 'number' || typeof claims.sessionVersion !== 'number') {
    return { valid: false, reason: 'a session from before sessions were versioned; sign in again' };
  }
  const ageSeconds = now.getTime() / 1000 - claims.signedInAt;
  if (ageSeconds > maxAgeSeconds || ageSeconds < -300) return { valid: false, reason: 'the session has reached its lifetime; sign in again' };
  if (!user || user.id !== claims.userId) return { valid: false, reason: 'the user is unknown or disabled' };
  if (user.sessionVersion !== claims.sessionVersion) return { valid: false, reason: 'the session was ended (sign-out, role change or disabling)' };
  return { valid: true, userId: user.id };
}
