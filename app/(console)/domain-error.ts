import { errorCode } from '@/lib/core/errors';

// Pages recognise domain errors by code: see errorCode in lib/core/errors.ts for why not instanceof.
export function isDomainError(error: unknown, code: 'not_found' | 'forbidden'): boolean {
  return errorCode(error) === code;
}
