import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { decode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildAuthOptions } from '@/lib/server/auth/auth-options';
import { signInWithIdentityProvider } from '@/lib/server/auth/sign-in-with-identity-provider';
import { getDeps } from '@/lib/server/deps';
import { getEnv } from '@/lib/env';
import { call, configureRouteEnv, sessionCookieFor, tokenFor } from '@/lib/test-support/route-harness';
import { unique } from '@/lib/test-support/test-deps';
import * as meRoute from '../me/route';
import * as tokenRoute from '../tokens/[id]/route';
import * as tokensRoute from '../tokens/route';
import * as environmentsRoute from '../environments/route';
import * as disableRoute from './[id]/disable/route';
import * as enableRoute from './[id]/enable/route';
import * as userRoute from './[id]/route';
import * as userTokensRoute from './[id]/tokens/route';
import * as usersRoute from './route';

// People who leave or lose their role lose access at their next request, not at their next sign-in.

let admin: Awaited<ReturnType<typeof tokenFor>>;
let db: pg.Client;

beforeAll(async () => {
  configureRouteEnv();
  admin = await tokenFor('admin');
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
});
afterAll(() => db.end());

const me = (credentials: { token?: string; cookie?: string }) => call(meRoute.GET, { path: '/api/v1/me', ...credentials });
const sameOrigin = { origin: 'http://127.0.0.1:3999' };

/** Someone signing in through the identity provider's groups, as the sign-in callback does it. */
async function signIn(subject: string, groups: string[], email = `${unique('person')}@personapass.test`) {
  return signInWithIdentityProvider(getDeps(), { subject, email, emailVerified: false, name: 'Pat Person', groups }, randomUUID());
}

describe('admins disable people and revoke their tokens', () => {
  it('ends a disabled user’s sessions and tokens at the next request, and keeps them out until enabled', async () => {
    const victim = await tokenFor('operator');
    const secondSession = await sessionCookieFor(victim.userId);
    expect((await me({ cookie: victim.cookie })).status).toBe(200);

    const disabled = await call(disableRoute.POST, { method: 'POST', path: `/api/v1/users/${victim.userId}/disable`, params: { id: victim.userId }, token: admin.token, body: { reason: 'left the company' } });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ status: 'disabled', disabledBy: 'admin', disabledReason: 'left the company', liveTokens: 0 });
    for (const credentials of [{ cookie: victim.cookie }, { cookie: secondSession }, { token: victim.token }]) {
      expect((await me(credentials)).status).toBe(401);
    }

    // Their identity-provider groups still grant a role, but an admin's disable wins at sign-in.
    const { rows } = await db.query('SELECT subject FROM users WHERE id = $1', [victim.userId]);
    expect(await signIn(rows[0].subject, ['personapass-operators'])).toEqual({ ok: false, error: 'AccountDisabled' });

    const enabled = await call(enableRoute.POST, { method: 'POST', path: `/api/v1/users/${victim.userId}/enable`, params: { id: victim.userId }, token: admin.token });
    expect(enabled.body.status).toBe('active');
    expect(await signIn(rows[0].subject, ['personapass-operators'])).toMatchObject({ ok: true });
    // Enabling does not revive what disabling ended.
    expect((await me({ cookie: victim.cookie })).status).toBe(401);
    expect((await me({ token: victim.token })).status).toBe(401);

    const audit = await db.query("SELECT action, actor_label FROM audit_events WHERE target_type = 'user' AND action IN ('user.disabled', 'user.enabled') AND summary LIKE '%' || $1 || '%' ORDER BY created_at", [admin.email]);
    expect(audit.rows.map((row) => row.action)).toEqual(['user.disabled', 'user.enabled']);
  });

  it('refuses an admin disabling themselves, and non-admins entirely', async () => {
    const self = await call(disableRoute.POST, { method: 'POST', path: `/api/v1/users/${admin.userId}/disable`, params: { id: admin.userId }, token: admin.token, body: { reason: 'oops' } });
    expect(self.status).toBe(400);
    const operator = await tokenFor('operator');
    const refused = await call(disableRoute.POST, { method: 'POST', path: `/api/v1/users/${admin.userId}/disable`, params: { id: admin.userId }, token: operator.token, body: { reason: 'coup' } });
    expect(refused.status).toBe(403);
    expect((await me({ token: admin.token })).status).toBe(200);
  });

  it('revokes every token of a user, while one user can never revoke another’s', async () => {
    const owner = await tokenFor('operator');
    const other = await tokenFor('operator');
    const ownerTokens = await call(tokensRoute.GET, { path: '/api/v1/tokens', token: owner.token });
    const ownerTokenId = ownerTokens.body.items[0].id;
    const crossUser = await call(tokenRoute.DELETE, { method: 'DELETE', path: `/api/v1/tokens/${ownerTokenId}`, params: { id: ownerTokenId }, token: other.token });
    expect(crossUser.status).toBe(404);
    expect((await me({ token: owner.token })).status).toBe(200);

    const revoked = await call(userTokensRoute.DELETE, { method: 'DELETE', path: `/api/v1/users/${owner.userId}/tokens`, params: { id: owner.userId }, token: admin.token });
    expect(revoked.body).toEqual({ revoked: 1 });
    expect((await me({ token: owner.token })).status).toBe(401);
    // The person is not disabled: their browser session goes on.
    expect((await me({ cookie: owner.cookie })).status).toBe(200);
    const detail = await call(userRoute.GET, { path: `/api/v1/users/${owner.userId}`, params: { id: owner.userId }, token: admin.token });
    expect(detail.body.tokens).toEqual([expect.objectContaining({ id: ownerTokenId, revokedAt: expect.any(String) })]);
    expect(JSON.stringify(detail.body)).not.toContain(owner.token);
  });
});

describe('an admin’s disable and a sign-in at the same moment', () => {
  it('keeps the person disabled when the admin disables them while their sign-in is being saved', async () => {
    const deps = getDeps();
    const email = `${unique('leaver')}@personapass.test`;
    const subject = `test:${email}`;
    const user = await deps.users.upsertFromSignIn({ subject, email, name: 'Leaver', role: 'operator' }, randomUUID());
    // The admin's transaction holds the row while the sign-in starts; the sign-in must wait for the
    // row and then see the disable, never overwrite it with its own earlier reading.
    const adminTx = new pg.Client({ connectionString: inject('databaseUrl') });
    await adminTx.connect();
    try {
      await adminTx.query('BEGIN');
      await adminTx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [user.id]);
      const signingIn = deps.users.upsertFromSignIn({ subject, email, name: 'Leaver', role: 'operator' }, randomUUID()).catch((error: Error) => error);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await adminTx.query(
        "UPDATE users SET disabled_at = now(), disabled_by = 'admin', disabled_reason = 'left', session_version = session_version + 1 WHERE id = $1",
        [user.id],
      );
      await adminTx.query('COMMIT');
      expect(await signingIn).toMatchObject({ code: 'forbidden' });
    } finally {
      await adminTx.end();
    }
    expect((await db.query('SELECT disabled_by FROM users WHERE id = $1', [user.id])).rows[0].disabled_by).toBe('admin');
    expect(await deps.users.getUser(user.id)).toBeNull();
  });
});

describe('sessions end on the server', () => {
  it('refuses a replayed cookie after sign-out, on every device of that user', async () => {
    const person = await tokenFor('viewer');
    const laptop = person.cookie;
    const phone = await sessionCookieFor(person.userId);
    const claims = await decode({ token: laptop.split('=')[1]!, secret: getEnv().NEXTAUTH_SECRET });
    // What next-auth calls when the browser signs out.
    await buildAuthOptions().events!.signOut!({ token: claims!, session: undefined as never });
    expect((await me({ cookie: laptop })).status).toBe(401);
    expect((await me({ cookie: phone })).status).toBe(401);
    expect((await me({ cookie: await sessionCookieFor(person.userId) })).status).toBe(200);
    const { rows } = await db.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.signed-out' AND actor_id = $1", [person.userId]);
    expect(rows[0].n).toBe(1);
  });

  it('ends a session at its absolute lifetime, and renewal never extends it', async () => {
    const person = await tokenFor('viewer');
    const maxAge = getDeps().settings.sessionMaxAgeSeconds;
    expect(maxAge).toBe(12 * 3600);
    expect((await me({ cookie: await sessionCookieFor(person.userId, { ageSeconds: maxAge - 60 }) })).status).toBe(200);
    const old = await sessionCookieFor(person.userId, { ageSeconds: maxAge + 60 });
    expect((await me({ cookie: old })).status).toBe(401);

    // Renewal through /api/auth/session runs the jwt callback: it refuses the old session (next-auth
    // then clears the cookie) and keeps a young one's sign-in time, so the lifetime still counts from sign-in.
    const jwt = buildAuthOptions().callbacks!.jwt!;
    const oldClaims = await decode({ token: old.split('=')[1]!, secret: getEnv().NEXTAUTH_SECRET });
    await expect(jwt({ token: oldClaims!, user: undefined as never, account: null })).rejects.toThrow('ended');
    const young = await decode({ token: (await sessionCookieFor(person.userId, { ageSeconds: 3600 })).split('=')[1]!, secret: getEnv().NEXTAUTH_SECRET });
    expect(await jwt({ token: young!, user: undefined as never, account: null })).toMatchObject({ signedInAt: young!.signedInAt });
  });

  it('ends sessions when the identity provider gives someone another role, and tokens act with the new role', async () => {
    const subject = `oidc:${unique('mover')}`;
    const first = await signIn(subject, ['personapass-operators']);
    if (!first.ok) throw new Error('sign-in refused');
    const cookie = await sessionCookieFor(first.user.id);
    const token = await call(tokensRoute.POST, { method: 'POST', path: '/api/v1/tokens', cookie, headers: sameOrigin, body: { name: 'ci' } });
    expect(token.status).toBe(201);
    await signIn(subject, ['personapass-viewers']);
    expect((await me({ cookie })).status).toBe(401);
    const asToken = await me({ token: token.body.secret });
    expect(asToken.body.role).toBe('viewer');
  });

  it('refuses cookies signed before sessions were versioned', async () => {
    const { encode } = await import('next-auth/jwt');
    const person = await tokenFor('viewer');
    const legacy = await encode({ token: { userId: person.userId, sub: person.userId }, secret: getEnv().NEXTAUTH_SECRET });
    expect((await me({ cookie: `next-auth.session-token=${legacy}` })).status).toBe(401);
  });
});

describe('API tokens', () => {
  it('are minted only from a sign-in of the last 15 minutes, so a copied cookie cannot outlive sign-out as a token', async () => {
    const owner = await tokenFor('operator');
    const older = await sessionCookieFor(owner.userId, { ageSeconds: 16 * 60 });
    const refused = await call(tokensRoute.POST, { method: 'POST', path: '/api/v1/tokens', cookie: older, body: { name: 'late' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('sign-in within the last 15 minutes');
    const fresh = await call(tokensRoute.POST, { method: 'POST', path: '/api/v1/tokens', cookie: await sessionCookieFor(owner.userId), body: { name: 'fresh' } });
    expect(fresh.status).toBe(201);
  });

  it('can be read-only: reads work, writes are refused whatever the owner’s role', async () => {
    const owner = await tokenFor('admin');
    const created = await call(tokensRoute.POST, { method: 'POST', path: '/api/v1/tokens', cookie: owner.cookie, headers: sameOrigin, body: { name: 'dashboards', scope: 'read' } });
    expect(created.body.scope).toBe('read');
    expect((await call(environmentsRoute.GET, { path: '/api/v1/environments', token: created.body.secret })).status).toBe(200);
    expect((await call(usersRoute.GET, { path: '/api/v1/users', token: created.body.secret })).status).toBe(200);
    const write = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: created.body.secret, body: {} });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toContain('read-only');
  });

  it('records their last use at most once a minute, so reading never writes on the hot path', async () => {
    const owner = await tokenFor('viewer');
    const { rows } = await db.query('SELECT id FROM api_tokens WHERE user_id = $1', [owner.userId]);
    const id = rows[0].id;
    const lastUsed = async () => (await db.query('SELECT last_used_at FROM api_tokens WHERE id = $1', [id])).rows[0].last_used_at as Date;

    await db.query("UPDATE api_tokens SET last_used_at = now() - interval '30 seconds' WHERE id = $1", [id]);
    const recent = await lastUsed();
    await Promise.all(Array.from({ length: 10 }, () => me({ token: owner.token })));
    expect(await lastUsed()).toEqual(recent);

    await db.query("UPDATE api_tokens SET last_used_at = now() - interval '2 minutes' WHERE id = $1", [id]);
    const stale = await lastUsed();
    await me({ token: owner.token });
    expect((await lastUsed()).getTime()).toBeGreaterThan(stale.getTime() + 60_000);
  });
});

describe('people are their OIDC subject', () => {
  it('lets two subjects share an email (reused or changed addresses never block sign-in), and shows unverified emails', async () => {
    const email = `${unique('shared')}@personapass.test`;
    const a = await signIn(`oidc:${unique('a')}`, ['personapass-viewers'], email);
    const b = await signIn(`oidc:${unique('b')}`, ['personapass-operators'], email);
    expect(a.ok && b.ok).toBe(true);
    const found = await call(usersRoute.GET, { path: `/api/v1/users?email=${encodeURIComponent(email.toUpperCase())}`, token: admin.token });
    expect(found.body.items).toHaveLength(2);
    expect(found.body.items.every((user: { emailVerified: boolean; roleRefresh: string }) => user.emailVerified === false && user.roleRefresh === 'sign-in')).toBe(true);
  });
});
