import { planObjectsQuery } from '@/lib/core/deploy/plan-contract';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readQuery } from '@/lib/server/http/query';
import { findPlanObjects } from '@/lib/server/plans/find-plan-objects';
import { toPlanObjectDto } from '@/lib/server/plans/plan-dto';
import { planId } from '@/lib/server/plans/plan-input';

export const GET = apiRoute(async ({ ctx, params, url }) => {
  const id = parseOrThrow(planId, params.id, 'the plan id');
  const query = readQuery(url, planObjectsQuery);
  const page = await findPlanObjects(ctx, id, { limit: query.limit, after: query.cursor, action: query.action });
  return json({ items: page.items.map(toPlanObjectDto), nextCursor: page.nextCursor });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
