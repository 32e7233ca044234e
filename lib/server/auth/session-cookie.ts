/**
 * The session cookie's name. Over https it carries the __Host- prefix: the browser then accepts it
 * only from this exact host, secure and for path /, so a sibling subdomain cannot plant a session
 * of its own choosing (login CSRF) the way it could with next-auth's default __Secure- name.
 */
export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https://') ? '__Host-next-auth.session-token' : 'next-auth.session-token';
}
