import { z } from 'zod';
import { parseOrThrow } from '@/lib/core/zod-issues';

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** Validates URL search parameters like a body: unknown parameters are refused. */
export function readQuery<T extends z.ZodType>(url: URL, schema: T): z.output<T> {
  return parseOrThrow(schema, Object.fromEntries(url.searchParams), 'the query string');
}

// Digits only: Number() would also read "1e3", "0x10" or " 7" as revision numbers.
export const revisionNumber = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'must be a revision number (1, 2, 3 ...)')
  .transform(Number)
  .pipe(z.number().max(2_147_483_647));
