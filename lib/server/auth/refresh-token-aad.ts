/** Additional data binding a sealed identity-provider refresh token to the person it was issued for. */
export const refreshTokenAad = (subject: string) => `idp-refresh:${subject}`;
