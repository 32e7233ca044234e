import { z } from 'zod';
import { InvalidInput } from '@/lib/core/errors';
import { parseOrThrow } from '@/lib/core/zod-issues';

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** Validates URL search parameters like a body: unknown parameters are refused, and so is one given twice. */
export function readQuery<T extends z.ZodType>(url: URL, schema: T): z.output<T> {
  // Object.fromEntries keeps the last of a repeated parameter, URLSearchParams.get (and proxies,
  // logs) the first: ?component=postgres&component=wallet-api would mean two things at once.
  const keys = [...url.searchParams.keys()];
  const repeated = [...new Set(keys.filter((key, index) => keys.indexOf(key) !== index))];
  if (repeated.length > 0) {
    throw new InvalidInput(`the query string is invalid: ${repeated.map((key) => `${key}: given more than once`).join('; ')}`, repeated.map((key) => ({ path: key, message: 'given more than once' })));
  }
  return parseOrThrow(schema, Object.fromEntries(url.searchParams), 'the query string');
}

// Digits only: Number() would also read "1e3", "0x10" or " 7" as revision numbers.
export const revisionNumber = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'must be a revision number (1, 2, 3 ...)')
  .transform(Number)
  .pipe(z.number().max(2_147_483_647));
