import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { getPlan } from '@/lib/server/plans/get-plan';
import { toPlanDto } from '@/lib/server/plans/plan-dto';
import { planId } from '@/lib/server/plans/plan-input';

export const GET = apiRoute(async ({ ctx, params }) => {
  return json(toPlanDto(await getPlan(ctx, parseOrThrow(planId, params.id, 'the plan id')), ctx.deps.now()));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
