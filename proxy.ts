import { NextResponse, type NextRequest } from 'next/server';

// A convenience only: signed-out page visits get a real 307 to sign-in before any streaming
// starts. Authorization itself is checked by every use case on the server.
// next-auth names it next-auth.session-token (with a __Secure- prefix on https, and .0, .1 ... when chunked).
const isSessionCookie = (name: string) => /^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(name);

export function proxy(request: NextRequest) {
  if (request.cookies.getAll().some((cookie) => isSessionCookie(cookie.name))) return NextResponse.next();
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('callbackUrl', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Pages only: the API answers 401 itself, and sign-in, next-auth and static files stay public.
  matcher: ['/((?!api/|sign-in|_next/|icon.svg|favicon.ico).*)'],
};
