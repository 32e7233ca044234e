import { rollbackBody } from '@/lib/core/deploy/run-contract';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { idempotent } from '@/lib/server/http/idempotency';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';
import { toPlanDto } from '@/lib/server/plans/plan-dto';
import { rollbackEnvironment } from '@/lib/server/runs/rollback-environment';

// A rollback is a new plan of an earlier successful revision: approve (where protected) and deploy it like any other.
export const POST = apiRoute(async ({ ctx, params, request, url }) => {
  const body = await readJsonBody(request, rollbackBody);
  return idempotent({ request, url, ctx, body }, async () => {
    const plan = await rollbackEnvironment(ctx, params.name!, body);
    return json(toPlanDto(plan, ctx.deps.now()), 201, { location: `/api/v1/plans/${plan.id}` });
  });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
