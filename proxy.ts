import { NextResponse, type NextRequest } from 'next/server';

// Conveniences in front of the routes; authorization itself is checked by every use case.
// - A URL that is not validly percent-encoded gets the API's JSON error instead of Next's HTML page.
// - Signed-out page visits get a real 307 to sign-in before any streaming starts.

// next-auth names it next-auth.session-token (with a __Secure- prefix on https, and .0, .1 ... when chunked).
const isSessionCookie = (name: string) => /^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(name);

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith('/api/')) {
    if (isDecodable(pathname)) return NextResponse.next();
    return NextResponse.json(
      { error: { code: 'invalid_input', message: 'the URL is not validly percent-encoded', details: { issues: [{ path: '(url)', message: 'malformed escape' }] } } },
      { status: 400 },
    );
  }
  if (request.cookies.getAll().some((cookie) => isSessionCookie(cookie.name))) return NextResponse.next();
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Sign-in, next-auth's own endpoints and static files stay public.
  matcher: ['/((?!api/auth/|sign-in|_next/|icon.svg|favicon.ico).*)'],
};
