import { deployPlanBody, planId } from '@/lib/core/deploy/run-contract';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { idempotent } from '@/lib/server/http/idempotency';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';
import { deployPlan } from '@/lib/server/runs/deploy-plan';
import { toRunDto } from '@/lib/server/runs/run-dto';

// Deploys the plan: a queued run, executed by a worker; follow it at /runs/{id}/events.
export const POST = apiRoute(async ({ ctx, params, request, url }) => {
  const id = parseOrThrow(planId, params.id, 'the plan id');
  const body = await readJsonBody(request, deployPlanBody);
  return idempotent({ request, url, ctx, body }, async () => {
    const run = await deployPlan(ctx, id);
    return json(toRunDto(run), 202, { location: `/api/v1/runs/${run.id}` });
  });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
