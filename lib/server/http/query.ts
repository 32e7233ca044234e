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

export const revisionNumber = z.coerce.number().int().min(1).max(2_147_483_647);
