import {
  Conflict,
  DomainError,
  Forbidden,
  InvalidInput,
  NotFound,
  PayloadTooLarge,
  PlanStale,
  PreconditionRequired,
  Unauthenticated,
  Unavailable,
  UnsupportedMediaType,
} from '@/lib/core/errors';
import { logger } from '../logger';

// The one mapping from the error vocabulary to HTTP. Unknown errors are logged with the request id
// and answered with a generic 500: stack traces never reach the caller.

const statusByError = new Map<abstract new (...args: never[]) => DomainError, number>([
  [InvalidInput, 400],
  [Unauthenticated, 401],
  [Forbidden, 403],
  [NotFound, 404],
  [Conflict, 409],
  [PlanStale, 409],
  [PayloadTooLarge, 413],
  [UnsupportedMediaType, 415],
  [PreconditionRequired, 428],
  [Unavailable, 503],
]);

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export function errorResponse(error: unknown, requestId: string): Response {
  const headers = { 'content-type': 'application/json', 'x-request-id': requestId, 'cache-control': 'no-store' };
  if (error instanceof DomainError) {
    const status = statusByError.get(error.constructor as abstract new (...args: never[]) => DomainError) ?? 400;
    const body: ErrorBody = { error: { code: error.code, message: error.message, details: error.details } };
    if (status === 401) Object.assign(headers, { 'www-authenticate': 'Bearer realm="personapass"' });
    return new Response(JSON.stringify(body), { status, headers });
  }
  logger.error('unhandled error', { requestId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), stack: error instanceof Error ? error.stack : undefined });
  const body: ErrorBody = { error: { code: 'internal', message: `something went wrong; quote request id ${requestId}` } };
  return new Response(JSON.stringify(body), { status: 500, headers });
}
