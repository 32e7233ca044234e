import { randomUUID } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import type { SessionClaims } from '@/lib/core/auth/session-policy';
import { getEnv } from '@/lib/env';
import { getDeps } from '../deps';
import { endSessionsAtSignOut } from './end-sessions-at-sign-out';
import { sessionCookieName } from './session-cookie';
import { actorFromSession, newSessionClaims } from './session-actor';
import { signInWithIdentityProvider } from './sign-in-with-identity-provider';

type OidcProfile = { sub: string; email?: string; email_verified?: unknown; name?: string; preferred_username?: string; [claim: string]: unknown };

/**
 * next-auth with one generic OIDC provider. Roles come from the identity provider's groups claim
 * at every sign-in (and between sign-ins, through the stored refresh token); a user whose groups
 * map to no role is refused. There is no password form. Sessions are signed cookies checked on
 * every request against an absolute lifetime and the user's session version (session-actor.ts).
 */
export function buildAuthOptions(): NextAuthOptions {
  const env = getEnv();
  const deps = getDeps();
  const subjectOf = (provider: string, sub: string) => `${provider}:${sub}`;
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: deps.settings.sessionMaxAgeSeconds },
    cookies: {
      sessionToken: {
        name: sessionCookieName(env.NEXTAUTH_URL),
        options: { httpOnly: true, sameSite: 'lax', path: '/', secure: env.NEXTAUTH_URL.startsWith('https://') },
      },
    },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      {
        id: 'oidc',
        name: 'PersonaPass SSO',
        type: 'oauth',
        wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
        clientId: env.OIDC_CLIENT_ID,
        clientSecret: env.OIDC_CLIENT_SECRET,
        authorization: { params: { scope: env.OIDC_SCOPES, ...(env.OIDC_PROMPT ? { prompt: env.OIDC_PROMPT } : {}) } },
        idToken: true,
        checks: ['pkce', 'state'],
        profile(profile: OidcProfile) {
          return {
            id: profile.sub,
            email: profile.email ?? null,
            name: profile.name ?? profile.preferred_username ?? profile.email ?? profile.sub,
          };
        },
      },
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (!account) return false;
        const claims = (profile ?? {}) as OidcProfile;
        const result = await signInWithIdentityProvider(
          deps,
          {
            subject: subjectOf(account.provider, user.id),
            email: user.email,
            emailVerified: claims.email_verified,
            name: user.name,
            groups: claims[env.OIDC_GROUPS_CLAIM],
            refreshToken: account.refresh_token,
          },
          randomUUID(),
        );
        if (result.ok) return true;
        return `${env.NEXTAUTH_URL.replace(/\/$/, '')}/sign-in?error=${result.error}`;
      },
      async jwt({ token, user, account }) {
        if (account && user) {
          const saved = await deps.users.findUserBySubject(subjectOf(account.provider, user.id));
          if (!saved) throw new Error('the signed-in user was not saved');
          // Only what identifies the session; the role is read from the database on every request.
          return { sub: token.sub, name: token.name, email: token.email, ...newSessionClaims(saved, deps.now()) };
        }
        // Renewal (/api/auth/session): an ended session is not renewed; next-auth clears its cookie.
        if (!(await actorFromSession(deps, token as SessionClaims))) throw new Error('the session has ended');
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.userId } };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.userId === 'string') await endSessionsAtSignOut(deps, token.userId, randomUUID());
      },
    },
  };
}
