// API tokens outlive sessions, so they are held to two rules a session does not need:
// - a token works only while the identity provider confirmed its owner's role recently (at sign-in
//   or by the 15-minute re-check): someone removed from the provider loses their tokens too, within
//   the confirmation window, even where the provider gives no refresh token to re-check with;
// - a token is minted only from a fresh sign-in, so a copied session cookie cannot turn itself into
//   a long-lived credential that survives the victim's sign-out.

export const tokenMintingSignInWindowSeconds = 15 * 60;

export function isRoleConfirmationCurrent(rolesConfirmedAt: Date | null, now: Date, confirmationDays: number): boolean {
  return rolesConfirmedAt !== null && now.getTime() - rolesConfirmedAt.getTime() <= confirmationDays * 86_400_000;
}

export function isFreshSignIn(signedInAt: Date | undefined, now: Date): boolean {
  return signedInAt !== undefined && (now.getTime() - signedInAt.getTime()) / 1000 <= tokenMintingSignInWindowSeconds;
}
