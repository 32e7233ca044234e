import { InvalidInput, PreconditionRequired } from '@/lib/core/errors';

/** The revision number an update is based on, from `If-Match: "7"` (weak or bare forms accepted). */
export function readIfMatchRevision(request: Request): number {
  const header = request.headers.get('if-match');
  if (!header) throw new PreconditionRequired('send If-Match with the revision number your change is based on');
  const match = /^(?:W\/)?"?(\d{1,10})"?$/.exec(header.trim());
  if (!match || Number(match[1]) < 1 || Number(match[1]) > 2_147_483_647) {
    throw new InvalidInput('If-Match must be a revision number such as "7"', [{ path: 'If-Match', message: 'expected a revision number' }]);
  }
  return Number(match[1]);
}

export const etagFor = (revision: number) => `"${revision}"`;
