import { randomUUID } from 'node:crypto';
import { canWriteAtAll } from '@/lib/core/auth/roles';
import { Forbidden, Unauthenticated } from '@/lib/core/errors';
import { getEnv } from '@/lib/env';
import { authenticateRequest } from '../auth/authenticate-request';
import { enforce, type UseCaseContext } from '../context';
import { getDeps } from '../deps';
import { errorResponse } from './error-response';

type RouteArgs = { request: Request; ctx: UseCaseContext; params: Record<string, string>; url: URL };
type NextRouteContext = { params: Promise<Record<string, string>> };

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Wraps a route handler: request id, caller identity, the browser-origin check for cookie-based
 * writes, and error mapping. The handler itself parses input and calls one use case.
 */
export function apiRoute(handler: (args: RouteArgs) => Promise<Response>) {
  return async (request: Request, context?: NextRouteContext): Promise<Response> => {
    const requestId = request.headers.get('x-request-id')?.slice(0, 64) || randomUUID();
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
      const response = await handler({ request, ctx: { actor, requestId, deps }, params, url: new URL(request.url) });
      response.headers.set('x-request-id', requestId);
      response.headers.set('cache-control', 'no-store');
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
}

// Session cookies ride along on cross-site requests; a write must come from our own pages: the
// configured public URL, or the host the browser itself addressed (127.0.0.1 vs localhost).
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (!origin) return;
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  const allowed = new Set([new URL(getEnv().NEXTAUTH_URL).origin, url.origin]);
  if (host) allowed.add(`${url.protocol}//${host}`);
  if (!allowed.has(origin)) throw new Forbidden('cross-site request refused');
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
