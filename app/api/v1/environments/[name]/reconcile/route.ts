import { reconcileInputSchema } from '@/lib/core/drift/drift-contract';
import { reconcileDrift } from '@/lib/server/drift/reconcile-drift';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { idempotent } from '@/lib/server/http/idempotency';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';
import { toPlanDto } from '@/lib/server/plans/plan-dto';

// Reconciling is a new plan of the last successfully deployed revision: approve (where protected) and deploy it like any other.
export const POST = apiRoute(async ({ ctx, params, request, url }) => {
  const body = await readJsonBody(request, reconcileInputSchema);
  return idempotent({ request, url, ctx, body }, async () => {
    const plan = await reconcileDrift(ctx, params.name!, body);
    return json(toPlanDto(plan, ctx.deps.now()), 201, { location: `/api/v1/plans/${plan.id}` });
  });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
