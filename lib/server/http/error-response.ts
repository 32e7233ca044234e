import { errorCode, type ErrorCode } from '@/lib/core/errors';
import { logger } from '../logger';

// The one mapping from the error vocabulary to HTTP. Unknown errors are logged with the request id
// and answered with a generic 500: stack traces never reach the caller.

export const statusByCode: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  plan_stale: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  precondition_required: 428,
  too_many_requests: 429,
  unavailable: 503,
};

export type ErrorBody = { error: { code: ErrorCode | 'internal'; message: string; details?: unknown } };

export function errorResponse(error: unknown, requestId: string): Response {
  const headers = { 'content-type': 'application/json', 'x-request-id': requestId, 'cache-control': 'no-store' };
  const code = errorCode(error);
  if (code) {
    const status = statusByCode[code];
    const { message, details } = error as { message: string; details?: unknown };
    const body: ErrorBody = { error: { code, message, details } };
    if (status === 401) Object.assign(headers, { 'www-authenticate': 'Bearer realm="personapass"' });
    if (status === 405) Object.assign(headers, { allow: (details as { allow: string[] }).allow.join(', ') });
    if (status === 429) Object.assign(headers, { 'retry-after': String((details as { retryAfterSeconds: number }).retryAfterSeconds) });
    return new Response(JSON.stringify(body), { status, headers });
  }
  logger.error('unhandled error', { requestId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), stack: error instanceof Error ? error.stack : undefined });
  const body: ErrorBody = { error: { code: 'internal', message: `something went wrong; quote request id ${requestId}` } };
  return new Response(JSON.stringify(body), { status: 500, headers });
}
