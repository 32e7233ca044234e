import { MethodNotAllowed } from '@/lib/core/errors';
import { errorResponse } from './error-response';
import { readRequestIds, withRequestIds } from './request-ids';

// Next answers a method a route does not export with an empty 405. Each /api/v1 route exports
// these handlers for its other methods instead, so the answer is the API's JSON error with an Allow
// header. Next answers HEAD with GET, so HEAD is refused here only where there is no GET. OPTIONS
// is answered here too: Next's own OPTIONS would count these 405 handlers as methods the route has.
// The methods of a route are public (the OpenAPI document, OPTIONS), so 405 comes before sign-in.

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
 * `export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });`
 * The compiler refuses to destructure a method the route implements, and the route-authorization
 * test fails for a method that is neither implemented nor refused.
 */
export function otherMethodsNotAllowed<const Implemented extends Partial<Record<RouteMethod, unknown>>>(
  implemented: Implemented,
): Record<Refused<keyof Implemented> | 'OPTIONS', Handler> {
  const allow = allowedMethods(Object.keys(implemented));
  const refuse: Handler = async (request) => {
    const ids = readRequestIds(request);
    return withRequestIds(errorResponse(new MethodNotAllowed(request.method, allow), ids.requestId), ids);
  };
  const options: Handler = async () => new Response(null, { status: 204, headers: { allow: allow.join(', ') } });
  const refused = routeMethods.filter((method) => !allow.includes(method));
  return { ...Object.fromEntries(refused.map((method) => [method, refuse])), OPTIONS: options } as Record<Refused<keyof Implemented> | 'OPTIONS', Handler>;
}
