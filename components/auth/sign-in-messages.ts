// next-auth's error codes (pages.error = /sign-in) in words a person can act on.
const messages: Record<string, string> = {
  AccessDenied: 'Your account has no PersonaPass role. Ask an admin to add you to a personapass-* group.',
  AccountDisabled: 'An admin has disabled your access to the console. Ask a console admin to enable it again.',
  SessionRequired: 'Sign in to continue.',
  OAuthSignin: 'The sign-in service could not be reached. Try again in a moment.',
  OAuthCallback: 'Sign-in did not complete. Try again.',
  Callback: 'Sign-in did not complete. Try again.',
  OAuthAccountNotLinked: 'This account is linked to a different sign-in. Contact an admin.',
  Configuration: 'Sign-in is not configured correctly on this server. Contact the platform team.',
  Verification: 'The sign-in link is no longer valid. Start again.',
};

export function signInErrorMessage(code: string): string {
  return messages[code] ?? 'Sign-in failed. Try again, and contact the platform team if it keeps happening.';
}

/** Only same-site paths: an open redirect through the sign-in page would be a phishing aid. */
export function safeCallbackUrl(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/environments';
  return value;
}
