import { randomUUID } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import { roleFromGroups } from '@/lib/core/auth/role-from-groups';
import { getEnv } from '@/lib/env';
import { getDeps } from '../deps';
import { logger } from '../logger';

type OidcProfile = { sub: string; email?: string; name?: string; preferred_username?: string; [claim: string]: unknown };

/**
 * next-auth with one generic OIDC provider. Roles come from the identity provider's groups claim
 * at every sign-in; a user whose groups map to no role is refused. There is no password form.
 */
export function buildAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      {
        id: 'oidc',
        name: 'PersonaPass SSO',
        type: 'oauth',
        wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
        clientId: env.OIDC_CLIENT_ID,
        clientSecret: env.OIDC_CLIENT_SECRET,
        authorization: { params: { scope: 'openid email profile groups' } },
        idToken: true,
        checks: ['pkce', 'state'],
        profile(profile: OidcProfile) {
          return {
            id: profile.sub,
            email: profile.email ?? null,
            name: profile.name ?? profile.preferred_username ?? profile.email ?? profile.sub,
            groups: profile[env.OIDC_GROUPS_CLAIM],
          };
        },
      },
    ],
    callbacks: {
      async signIn({ user, account }) {
        const role = roleFromGroups((user as { groups?: unknown }).groups, env.OIDC_ROLE_GROUPS);
        if (!role || !user.email) {
          logger.warn('sign-in refused: no mapped group or no email', { subject: user.id });
          // Someone who lost their groups loses their sessions and tokens too, not just this sign-in.
          if (account) await getDeps().users.disableFromSignIn(`${account.provider}:${user.id}`, randomUUID());
          return false;
        }
        return true;
      },
      async jwt({ token, user, account }) {
        if (account && user) {
          const role = roleFromGroups((user as { groups?: unknown }).groups, env.OIDC_ROLE_GROUPS)!;
          const saved = await getDeps().users.upsertFromSignIn(
            { subject: `${account.provider}:${user.id}`, email: user.email!, name: user.name ?? user.email!, role },
            randomUUID(),
          );
          token.userId = saved.id;
          token.role = saved.role;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.userId, role: token.role } };
      },
    },
  };
}
