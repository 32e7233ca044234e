import { createPlanBody } from '@/lib/core/deploy/plan-contract';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { idempotent } from '@/lib/server/http/idempotency';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { pageQuery, readQuery } from '@/lib/server/http/query';
import { readJsonBody } from '@/lib/server/http/read-json-body';
import { createPlan } from '@/lib/server/plans/create-plan';
import { findPlans } from '@/lib/server/plans/find-plans';
import { toPlanDto } from '@/lib/server/plans/plan-dto';
import { planId } from '@/lib/server/plans/plan-input';

export const GET = apiRoute(async ({ ctx, params, url }) => {
  const query = readQuery(url, pageQuery.extend({ cursor: planId.optional() }));
  const page = await findPlans(ctx, params.name!, query);
  return json({ items: page.items.map((plan) => toPlanDto(plan, ctx.deps.now())), nextCursor: page.nextCursor });
});

export const POST = apiRoute(async ({ ctx, params, request, url }) => {
  // No body plans the head revision with every component.
  const body = request.body === null || request.headers.get('content-length') === '0' ? {} : await readJsonBody(request, createPlanBody);
  return idempotent({ request, url, ctx, body }, async () => {
    const plan = await createPlan(ctx, params.name!, body);
    return json(toPlanDto(plan, ctx.deps.now()), 201, { location: `/api/v1/plans/${plan.id}` });
  });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET, POST });
