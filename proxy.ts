import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { apiContentSecurityPolicy, contentSecurityPolicy, createNonce, statusPageContentSecurityPolicy, transportSecurityHeaders } from '@/lib/server/http/security-headers';

// Conveniences in front of the routes; authorization itself is checked by every use case.
// - Every page gets a Content-Security-Policy with a fresh nonce. Next reads the nonce from the
//   request's CSP header and puts it on its own scripts; the root layout reads x-nonce.
// - A URL that is not validly percent-encoded gets the API's JSON error instead of Next's HTML page.
// - Signed-out page visits get a real 307 to sign-in before any streaming starts (not /status/...,
//   which share links open and which answers 404 itself to whoever may not see it).

// The session cookie is next-auth.session-token (__Host- prefixed on https; .0, .1 ... when chunked).
const isSessionCookie = (name: string) => /^(__Host-)?next-auth\.session-token(\.\d+)?$/.test(name);

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  const env = getEnv();
  const https = request.nextUrl.protocol === 'https:' || env.NEXTAUTH_URL.startsWith('https://');
  const secured = (response: NextResponse, csp: string) => {
    response.headers.set('content-security-policy', csp);
    for (const [name, value] of Object.entries(transportSecurityHeaders(https))) response.headers.set(name, value);
    return response;
  };

  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith('/api/')) {
    if (isDecodable(pathname)) return secured(NextResponse.next(), apiContentSecurityPolicy);
    const malformed = NextResponse.json(
      { error: { code: 'invalid_input', message: 'the URL is not validly percent-encoded', details: { issues: [{ path: '(url)', message: 'malformed escape' }] } } },
      { status: 400 },
    );
    return secured(malformed, apiContentSecurityPolicy);
  }

  // Status pages open to share links without a session: the route decides who sees them.
  if (pathname.startsWith('/status/')) return secured(NextResponse.next(), statusPageContentSecurityPolicy);

  const nonce = createNonce();
  const csp = contentSecurityPolicy({ nonce, development: env.NODE_ENV === 'development', https, frameOrigins: env.GRAFANA_FRAME_ORIGINS });
  if (pathname === '/sign-in' || request.cookies.getAll().some((cookie) => isSessionCookie(cookie.name))) {
    const headers = new Headers(request.headers);
    headers.set('content-security-policy', csp);
    headers.set('x-nonce', nonce);
    return secured(NextResponse.next({ request: { headers } }), csp);
  }
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
  return secured(NextResponse.redirect(signIn), csp);
}

export const config = {
  // Everything but Next's own files (build output, dev server) and the icon.
  matcher: ['/((?!_next/|icon.svg|favicon.ico|favicon.svg|logo.svg|robots.txt).*)'],
};
