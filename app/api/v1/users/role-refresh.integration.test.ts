import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { refreshDueUserRoles } from '@/lib/server/auth/refresh-user-roles';
import { signInWithIdentityProvider } from '@/lib/server/auth/sign-in-with-identity-provider';
import { getDeps } from '@/lib/server/deps';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { call, configureRouteEnv, sessionCookieFor, tokenFor } from '@/lib/test-support/route-harness';
import { idTokenClaims, startTestIssuer, type TestIssuer } from '@/lib/test-support/test-issuer';
import { contextFor, unique } from '@/lib/test-support/test-deps';
import * as meRoute from '../me/route';
import * as roleCheckRoute from './[id]/role-check/route';

// Roles follow the identity provider between sign-ins: the console re-reads each signed-in user's
// groups with the refresh token the provider issued, against a real OIDC issuer (oidc-provider)
// whose accounts this test changes while it runs.

let issuer: TestIssuer;
let admin: Awaited<ReturnType<typeof tokenFor>>;
let db: pg.Client;
const person = { sub: unique('pat'), email: `${unique('pat')}@personapass.test`, name: 'Pat Person', groups: ['personapass-operators'] };

beforeAll(async () => {
  issuer = await startTestIssuer([person]);
  configureRouteEnv();
  // The console's deps talk to this test's issuer.
  Object.assign(process.env, { OIDC_ISSUER: issuer.url, OIDC_CLIENT_ID: issuer.clientId, OIDC_CLIENT_SECRET: issuer.clientSecret });
  admin = await tokenFor('admin');
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
}, 60_000);
afterAll(async () => {
  await db?.end();
  await issuer?.stop();
});

/** Signs the person in at the issuer and then into the console, as next-auth's callbacks do. */
async function signInThroughIssuer() {
  const tokens = await issuer.signIn(person.email);
  expect(tokens.refresh_token).toEqual(expect.any(String));
  const claims = idTokenClaims(tokens.id_token);
  const result = await signInWithIdentityProvider(
    getDeps(),
    { subject: `oidc:${claims.sub}`, email: claims.email as string, emailVerified: claims.email_verified, name: claims.name as string, groups: claims.groups, refreshToken: tokens.refresh_token },
    randomUUID(),
  );
  if (!result.ok) throw new Error(`sign-in refused: ${result.error}`);
  return result.user;
}

const roleCheck = (id: string) => call(roleCheckRoute.POST, { method: 'POST', path: `/api/v1/users/${id}/role-check`, params: { id }, token: admin.token });
const me = (cookie: string) => call(meRoute.GET, { path: '/api/v1/me', cookie });

describe('roles re-read from the identity provider', () => {
  it('applies a changed role (ending sessions) and disables someone whose groups grant none', async () => {
    const user = await signInThroughIssuer();
    const stored = await db.query('SELECT idp_refresh_ciphertext, roles_checked_at FROM users WHERE id = $1', [user.id]);
    expect(stored.rows[0].idp_refresh_ciphertext).not.toBeNull();
    const cookie = await sessionCookieFor(user.id);

    expect((await roleCheck(user.id)).body).toMatchObject({ result: 'unchanged', user: { role: 'operator', roleRefresh: 'identity-provider' } });
    expect((await me(cookie)).status).toBe(200);

    issuer.setUsers([{ ...person, groups: ['personapass-viewers'] }]);
    expect((await roleCheck(user.id)).body).toMatchObject({ result: 'role-changed', user: { role: 'viewer' } });
    expect((await me(cookie)).status).toBe(401);

    issuer.setUsers([{ ...person, groups: ['some-other-team'] }]);
    expect((await roleCheck(user.id)).body).toMatchObject({ result: 'disabled', user: { status: 'disabled', disabledBy: 'identity-provider' } });
    const audit = await db.query('SELECT action FROM audit_events WHERE target_name = $1 ORDER BY created_at', [person.email]);
    expect(audit.rows.map((row) => row.action)).toEqual(['user.created', 'user.role-changed', 'user.disabled']);

    // Back in a group with a role: a new sign-in brings them back.
    issuer.setUsers([person]);
    expect((await signInThroughIssuer()).role).toBe('operator');
  });

  it('ends the sessions of someone the provider no longer accepts and suspends their tokens until they sign in again', async () => {
    const user = await signInThroughIssuer();
    const cookie = await sessionCookieFor(user.id);
    const token = await createApiToken(contextFor(getDeps(), { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session', signedInAt: new Date() }), {
      name: 'ci',
      expiresInDays: 90,
      scope: 'read-write',
    });

    // Deactivated at the provider (or the refresh token revoked or expired): invalid_grant says
    // nothing about the role, so nobody is disabled or loses a token, but nothing can confirm the
    // role any more: sessions end and tokens wait for the next sign-in.
    issuer.setUsers([]);
    expect((await roleCheck(user.id)).body).toMatchObject({ result: 'lost', user: { status: 'active', roleRefresh: 'sign-in' } });
    expect((await me(cookie)).status).toBe(401);
    const suspended = await call(meRoute.GET, { path: '/api/v1/me', token: token.secret });
    expect(suspended.status).toBe(401);
    expect(suspended.body.error.message).toContain('sign in to the console to keep using API tokens');

    issuer.setUsers([person]);
    await signInThroughIssuer();
    expect((await call(meRoute.GET, { path: '/api/v1/me', token: token.secret })).status).toBe(200);

    // Without re-checks, a sign-in's confirmation lasts API_TOKEN_CONFIRMATION_DAYS.
    await db.query("UPDATE users SET roles_confirmed_at = now() - interval '31 days' WHERE id = $1", [user.id]);
    expect((await call(meRoute.GET, { path: '/api/v1/me', token: token.secret })).status).toBe(401);
  });

  it('leaves alone a person who signed in again while their check ran', async () => {
    const user = await signInThroughIssuer();
    const deps = getDeps();
    const now = new Date();
    const check = await deps.users.claimRoleCheck(user.id, now, new Date(now.getTime() + 60_000));
    if (!check || check === 'busy') throw new Error('no check claimed');
    const fresh = await signInThroughIssuer(); // a new refresh token and a new session
    const cookie = await sessionCookieFor(fresh.id);
    expect(await deps.users.applyRoleCheck(check, { kind: 'lost', reason: 'the old refresh token was refused' }, randomUUID())).toBe('superseded');
    expect((await me(cookie)).status).toBe(200);
    expect((await deps.users.findUserSummary(user.id))?.roleRefresh).toBe('identity-provider');
  });

  it('lets one process at a time check a person: an admin’s check waits for the background one', async () => {
    const user = await signInThroughIssuer();
    await db.query("UPDATE users SET roles_check_lease_until = now() + interval '1 minute' WHERE id = $1", [user.id]);
    const busy = await roleCheck(user.id);
    expect(busy.status).toBe(409);
    await db.query("UPDATE users SET roles_checked_at = now() - interval '16 minutes' WHERE id = $1", [user.id]);
    const totals = await refreshDueUserRoles(getDeps(), randomUUID());
    expect(totals.unchanged + totals['role-changed']).toBe(0);
    await db.query('UPDATE users SET roles_check_lease_until = now() - interval \'1 second\' WHERE id = $1', [user.id]);
    expect((await roleCheck(user.id)).body).toMatchObject({ result: 'unchanged' });
    expect((await db.query('SELECT roles_check_lease_until FROM users WHERE id = $1', [user.id])).rows[0].roles_check_lease_until).toBeNull();
  });

  it('checks each user at most every 15 minutes in the background, and concludes nothing when the provider is down', async () => {
    const user = await signInThroughIssuer();
    issuer.setUsers([{ ...person, groups: ['personapass-approvers'] }]);
    const deps = getDeps();

    await db.query("UPDATE users SET roles_checked_at = now() - interval '10 minutes' WHERE id = $1", [user.id]);
    await refreshDueUserRoles(deps, randomUUID());
    expect((await deps.users.findUserSummary(user.id))?.role).toBe('operator');

    await db.query("UPDATE users SET roles_checked_at = now() - interval '16 minutes' WHERE id = $1", [user.id]);
    await refreshDueUserRoles(deps, randomUUID());
    expect((await deps.users.findUserSummary(user.id))?.role).toBe('approver');

    await issuer.stop();
    await db.query("UPDATE users SET roles_checked_at = now() - interval '16 minutes' WHERE id = $1", [user.id]);
    const totals = await refreshDueUserRoles(deps, randomUUID());
    expect(totals.failed).toBeGreaterThanOrEqual(1);
    expect(await deps.users.findUserSummary(user.id)).toMatchObject({ role: 'approver', disabledAt: null });
    issuer = await startTestIssuer([person]);
  });

  it('says so when a user can only be refreshed at sign-in', async () => {
    const other = await tokenFor('viewer');
    const answer = await roleCheck(other.userId);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('next sign-in');
  });
});
