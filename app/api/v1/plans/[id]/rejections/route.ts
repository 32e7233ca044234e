import { planId, rejectPlanBody } from '@/lib/core/deploy/run-contract';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { toApprovalDto } from '@/lib/server/approvals/approval-dto';
import { rejectPlan } from '@/lib/server/approvals/reject-plan';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { idempotent } from '@/lib/server/http/idempotency';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';

export const POST = apiRoute(async ({ ctx, params, request, url }) => {
  const id = parseOrThrow(planId, params.id, 'the plan id');
  const body = await readJsonBody(request, rejectPlanBody);
  return idempotent({ request, url, ctx, body }, async () => json(toApprovalDto(await rejectPlan(ctx, id, body)), 201));
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
