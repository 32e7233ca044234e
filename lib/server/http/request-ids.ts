import { randomUUID } from 'node:crypto';

// Every API answer carries the server's request id (the one the audit trail and logs use) and, when
// the caller sent a well-formed X-Request-Id, echoes it as x-correlation-id. The request id is
// always made here: a caller could otherwise reuse or forge another request's id in the audit log.

export type RequestIds = { requestId: string; correlationId: string | null };

export const maxCorrelationIdLength = 128;

// UUIDs, ULIDs, trace ids such as "Root=1-5759e988-bd86;Sampled=1". Anything else is dropped rather
// than repaired: a repaired id would match nothing in the caller's own logs.
const identifier = new RegExp(`^[A-Za-z0-9._:;=+/@-]{1,${maxCorrelationIdLength}}$`);

export function readRequestIds(request: Request): RequestIds {
  const sent = request.headers.get('x-request-id')?.trim();
  return { requestId: randomUUID(), correlationId: sent && identifier.test(sent) ? sent : null };
}

export function withRequestIds(response: Response, ids: RequestIds): Response {
  response.headers.set('x-request-id', ids.requestId);
  if (ids.correlationId) response.headers.set('x-correlation-id', ids.correlationId);
  response.headers.set('cache-control', 'no-store');
  return response;
}
