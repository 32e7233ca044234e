import { canWriteAtAll } from '@/lib/core/auth/roles';
import { Forbidden, NotFound, Unauthenticated } from '@/lib/core/errors';
import { getEnv } from '@/lib/env';
import { authenticateRequest } from '../auth/authenticate-request';
import { enforce, type UseCaseContext } from '../context';
import { getDeps } from '../deps';
import { errorResponse } from './error-response';
import { readRequestIds, withRequestIds } from './request-ids';
import { observeRequest } from '../telemetry/metrics';

type RouteArgs = { request: Request; ctx: UseCaseContext; params: Record<string, string>; url: URL };
type NextRouteContext = { params: Promise<Record<string, string>> };

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Wraps a route handler: request id, caller identity, the browser-origin check for cookie-based
 * writes, and error mapping. The handler itself parses input and calls one use case.
 */
export function apiRoute(handler: (args: RouteArgs) => Promise<Response>) {
  return async (request: Request, context?: NextRouteContext): Promise<Response> => {
    const ids = readRequestIds(request);
    const startedAt = process.hrtime.bigint();
    const response = await handle(request, context, ids);
    observeRequest(request, response.status, startedAt);
    return response;
  };

  async function handle(request: Request, context: NextRouteContext | undefined, ids: ReturnType<typeof readRequestIds>): Promise<Response> {
    try {
      const deps = getDeps();
      const actor = await authenticateRequest(deps, request);
      // Anonymous callers learn nothing about the request's shape: 401 comes before any 4xx.
      if (!actor) throw new Unauthenticated('sign in or send an API token');
      if (unsafeMethods.has(request.method)) {
        enforce(canWriteAtAll(actor));
        if (actor.via === 'session') assertSameOrigin(request);
      }
      const params = (await context?.params) ?? {};
      refuseControlCharacters(params);
      const response = await handler({ request, ctx: { actor, ...ids, deps }, params, url: new URL(request.url) });
      return withRequestIds(response, ids);
    } catch (error) {
      return withRequestIds(errorResponse(error, ids.requestId), ids);
    }
  }
}

// Next decodes path parameters: `%00` arrives as a NUL byte, which Postgres refuses in a text
// parameter (a 500 if it reached a query). No name or id the console issues holds a control
// character, so such a path names nothing: 404 for every route at once, before any read.
function refuseControlCharacters(params: Record<string, string>): void {
  if (Object.values(params).some((value) => /[\u0000-\u001f\u007f]/.test(value))) throw new NotFound('nothing by that name');
}

// Session cookies ride along on cross-site requests; a write must come from our own pages. Browsers
// send Origin with every write; without it, only Sec-Fetch-Site: same-origin vouches for the page.
// Anything else (a script, an old client replaying a cookie) must use an API token instead.
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (origin === null) {
    if (request.headers.get('sec-fetch-site') === 'same-origin') return;
    throw new Forbidden('a write signed in with the session cookie must come from the console’s own pages (an Origin header, or Sec-Fetch-Site: same-origin); scripts send an API token instead');
  }
  if (!allowedOrigins(request).has(origin)) throw new Forbidden('cross-site request refused');
}

// The configured public URL, the address the server was reached at, and the host the browser
// itself addressed (127.0.0.1 vs localhost). X-Forwarded-Host is set by whoever sends the request,
// so it counts only when TRUSTED_PROXIES says a proxy in front overwrites it.
function allowedOrigins(request: Request): Set<string> {
  const env = getEnv();
  const url = new URL(request.url);
  const allowed = new Set([new URL(env.NEXTAUTH_URL).origin, url.origin]);
  const host = request.headers.get('host');
  if (host) allowed.add(`${url.protocol}//${host}`);
  if (env.TRUSTED_PROXIES) {
    const forwardedHost = firstValue(request.headers.get('x-forwarded-host'));
    const forwardedProto = firstValue(request.headers.get('x-forwarded-proto')) ?? url.protocol.replace(/:$/, '');
    if (forwardedHost) allowed.add(`${forwardedProto}://${forwardedHost}`);
  }
  return allowed;
}

// A chain of proxies may append: "client-facing, next-hop".
const firstValue = (header: string | null) => header?.split(',')[0]?.trim() || undefined;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
