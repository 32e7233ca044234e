import { describe, expect, it } from 'vitest';
import { isFreshSignIn, isRoleConfirmationCurrent } from './token-policy';

const now = new Date('2026-12-01T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('token policy', () => {
  it('keeps a token working while its owner’s role was confirmed within the window', () => {
    expect(isRoleConfirmationCurrent(ago(29 * 86_400), now, 30)).toBe(true);
    expect(isRoleConfirmationCurrent(ago(31 * 86_400), now, 30)).toBe(false);
    expect(isRoleConfirmationCurrent(null, now, 30)).toBe(false);
  });

  it('mints tokens only from a sign-in of the last 15 minutes', () => {
    expect(isFreshSignIn(ago(14 * 60), now)).toBe(true);
    expect(isFreshSignIn(ago(16 * 60), now)).toBe(false);
    expect(isFreshSignIn(undefined, now)).toBe(false);
  });
});
