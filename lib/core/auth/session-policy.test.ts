import { describe, expect, it } from 'vitest';
import { checkSession } from './session-policy';

const now = new Date('2026-12-01T12:00:00Z');
const seconds = (date: Date) => date.getTime() / 1000;
const user = { id: 'u1', sessionVersion: 3 };
const hours = 3600;

describe('checkSession', () => {
  it('accepts a current session of an enabled user', () => {
    expect(checkSession({ userId: 'u1', sessionVersion: 3, signedInAt: seconds(now) - hours }, user, now, 12 * hours)).toEqual({ valid: true, userId: 'u1' });
  });

  it('ends a session at its absolute lifetime, however often it was renewed', () => {
    const verdict = checkSession({ userId: 'u1', sessionVersion: 3, signedInAt: seconds(now) - 12 * hours - 1 }, user, now, 12 * hours);
    expect(verdict).toMatchObject({ valid: false, reason: expect.stringContaining('lifetime') });
  });

  it('ends sessions older than the user’s session version (sign-out, disable, role change)', () => {
    expect(checkSession({ userId: 'u1', sessionVersion: 2, signedInAt: seconds(now) }, user, now, 12 * hours)).toMatchObject({ valid: false });
  });

  it('refuses disabled or unknown users, other users’ ids and unversioned cookies', () => {
    const claims = { userId: 'u1', sessionVersion: 3, signedInAt: seconds(now) };
    expect(checkSession(claims, null, now, 12 * hours)).toMatchObject({ valid: false });
    expect(checkSession({ ...claims, userId: 'u2' }, user, now, 12 * hours)).toMatchObject({ valid: false });
    expect(checkSession({ userId: 'u1' }, user, now, 12 * hours)).toMatchObject({ valid: false });
    expect(checkSession(null, user, now, 12 * hours)).toMatchObject({ valid: false });
    expect(checkSession({ ...claims, signedInAt: seconds(now) + 3600 }, user, now, 12 * hours)).toMatchObject({ valid: false });
  });
});
