import { z } from 'zod';
import { toRevisionSummaryDto } from '@/lib/server/environments/environment-dto';
import { findRevisions } from '@/lib/server/environments/find-revisions';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readQuery, revisionNumber } from '@/lib/server/http/query';

const revisionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: revisionNumber.optional(),
});

export const GET = apiRoute(async ({ ctx, params, url }) => {
  const query = readQuery(url, revisionsQuery);
  const page = await findRevisions(ctx, params.name!, { limit: query.limit, before: query.cursor });
  return json({ items: page.items.map(toRevisionSummaryDto), nextCursor: page.nextCursor });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
