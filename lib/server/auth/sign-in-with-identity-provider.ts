import { roleFromGroups } from '@/lib/core/auth/role-from-groups';
import { errorCode } from '@/lib/core/errors';
import type { UserRecord } from '@/lib/core/ports';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { refreshTokenAad } from './refresh-token-aad';

export type IdentityClaims = {
  /** The OIDC subject, qualified by the provider id: the one thing that identifies a person. */
  subject: string;
  email?: string | null;
  emailVerified?: unknown;
  name?: string | null;
  groups: unknown;
  /** Present when the provider issued one: roles are then re-read between sign-ins. */
  refreshToken?: string | null;
};

export type SignInResult = { ok: true; user: UserRecord } | { ok: false; error: 'AccessDenied' | 'AccountDisabled' };

/**
 * A person arriving from the identity provider. Their groups decide the role at every sign-in; a
 * person whose groups grant none is refused, and loses their sessions and tokens too. Someone an
 * admin disabled stays out until an admin enables them.
 */
export async function signInWithIdentityProvider(deps: Deps, claims: IdentityClaims, requestId: string): Promise<SignInResult> {
  const role = roleFromGroups(claims.groups, deps.settings.roleGroups);
  if (!role || !claims.email) {
    logger.warn('sign-in refused: no mapped group or no email', { subject: claims.subject, requestId });
    await deps.users.disableFromSignIn(claims.subject, requestId);
    return { ok: false, error: 'AccessDenied' };
  }
  try {
    const user = await deps.users.upsertFromSignIn(
      {
        subject: claims.subject,
        email: claims.email,
        emailVerified: typeof claims.emailVerified === 'boolean' ? claims.emailVerified : null,
        name: claims.name || claims.email,
        role,
        refreshToken: claims.refreshToken ? deps.secrets.seal(claims.refreshToken, refreshTokenAad(claims.subject)) : null,
      },
      requestId,
    );
    return { ok: true, user };
  } catch (error) {
    if (errorCode(error) !== 'forbidden') throw error;
    logger.warn('sign-in refused: disabled by an admin', { subject: claims.subject, requestId });
    return { ok: false, error: 'AccountDisabled' };
  }
}
