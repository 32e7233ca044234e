import type { Deps } from '../deps';

/**
 * Sign-out ends every session of the user, everywhere: a copied or replayed cookie stops working
 * at once, not when it expires.
 */
export async function endSessionsAtSignOut(deps: Deps, userId: string, requestId: string): Promise<void> {
  const user = await deps.users.getUser(userId);
  if (!user) return;
  await deps.users.endSessions(userId, {
    actor: { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session' },
    action: 'user.signed-out',
    targetType: 'user',
    targetName: user.email,
    requestId,
    summary: 'signed out; every session of this user ended',
  });
}
