import { MethodNotAllowed } from '@/lib/core/errors';
import { errorResponse } from './error-response';
import { readRequestIds, withRequestIds } from './request-ids';

// Next answers a method a route does not export with an empty 405. Each /api/v1 route exports
// these handlers for its other methods instead, so the answer is the API's JSON error with an Allow
// header. Next itself answers OPTIONS with the Allow list and HEAD with GET, so HEAD is refused
// here only where there is no GET. The methods of a route are public (the OpenAPI document,
// OPTIONS), so the 405 comes before authentication.

const routeMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type RouteMethod = (typeof routeMethods)[number];
type Handler = (request: Request) => Promise<Response>;
type Refused<Implemented> = Exclude<RouteMethod, Implemented | (Implemented extends 'GET' ? 'HEAD' : never)>;

/** The Allow header's methods for a route exporting `implemented`. */
export function allowedMethods(implemented: readonly string[]): string[] {
  const allow = new Set([...implemented, 'OPTIONS']);
  if (allow.has('GET')) allow.add('HEAD');
  return [...allow].sort();
}

/**
 * `export const { PUT, PATCH, DELETE, HEAD } = otherMethodsNotAllowed({ POST });` — the compiler
 * refuses to destructure a method the route implements, and the route-authorization test fails for
 * a method that is neither implemented nor refused.
 */
export function otherMethodsNotAllowed<const Implemented extends Partial<Record<RouteMethod, unknown>>>(
  implemented: Implemented,
): Record<Refused<keyof Implemented>, Handler> {
  const allow = allowedMethods(Object.keys(implemented));
  const refuse: Handler = async (request) => {
    const ids = readRequestIds(request);
    return withRequestIds(errorResponse(new MethodNotAllowed(request.method, allow), ids.requestId), ids);
  };
  const refused = routeMethods.filter((method) => !allow.includes(method));
  return Object.fromEntries(refused.map((method) => [method, refuse])) as Record<Refused<keyof Implemented>, Handler>;
}
