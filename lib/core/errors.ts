// The one error vocabulary of the console. Adapters translate vendor errors into these; the HTTP
// layer maps them to status codes in one place (lib/server/http/error-response.ts).

export type FieldIssue = { path: string; message: string };

/**
 * The closed set of error codes. The HTTP map (lib/server/http/error-response.ts) is a
 * Record<ErrorCode, number>, so the compiler refuses a new code without a status.
 */
export const errorCodes = [
  'invalid_input',
  'unauthenticated',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'plan_stale',
  'payload_too_large',
  'unsupported_media_type',
  'precondition_required',
  'too_many_requests',
  'unavailable',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInput extends DomainError {
  readonly code = 'invalid_input';
  constructor(message: string, readonly issues: FieldIssue[] = []) {
    super(message, { issues });
  }
}

export class Unauthenticated extends DomainError {
  readonly code = 'unauthenticated';
}

export class Forbidden extends DomainError {
  readonly code = 'forbidden';
}

export class NotFound extends DomainError {
  readonly code = 'not_found';
}

export class Conflict extends DomainError {
  readonly code = 'conflict';
}

export class PlanStale extends DomainError {
  readonly code = 'plan_stale';
}

export class Unavailable extends DomainError {
  readonly code = 'unavailable';
}

/** Request-shape errors that are not about the domain: wrong media type, body too large. */
export class UnsupportedMediaType extends DomainError {
  readonly code = 'unsupported_media_type';
}

export class PayloadTooLarge extends DomainError {
  readonly code = 'payload_too_large';
}

/** The route exists but does not answer this HTTP method; `allow` lists the methods it does. */
export class MethodNotAllowed extends DomainError {
  readonly code = 'method_not_allowed';
  constructor(method: string, readonly allow: string[]) {
    super(`${method} is not allowed here; this address answers ${allow.join(', ')}`, { allow });
  }
}

/** An update was sent without naming the revision it was based on. */
export class PreconditionRequired extends DomainError {
  readonly code = 'precondition_required';
}

/** The caller holds as much of a bounded resource as one may (open event streams); try again after `retryAfterSeconds`. */
export class TooManyRequests extends DomainError {
  readonly code = 'too_many_requests';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message, { retryAfterSeconds });
  }
}

/**
 * Recognises a domain error by its code. A bundler may load this module more than once (one copy
 * per route bundle), and then `instanceof` misses errors made by another copy; codes do not.
 */
export function errorCode(error: unknown): ErrorCode | undefined {
  if (typeof error !== 'object' || error === null || !(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return (errorCodes as readonly unknown[]).includes(code) ? (code as ErrorCode) : undefined;
}
