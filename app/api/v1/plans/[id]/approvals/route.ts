import { approvePlanBody, planId } from '@/lib/core/deploy/run-contract';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { toApprovalDto } from '@/lib/server/approvals/approval-dto';
import { approvePlan } from '@/lib/server/approvals/approve-plan';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { idempotent } from '@/lib/server/http/idempotency';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';

export const POST = apiRoute(async ({ ctx, params, request, url }) => {
  const id = parseOrThrow(planId, params.id, 'the plan id');
  const body = await readJsonBody(request, approvePlanBody);
  return idempotent({ request, url, ctx, body }, async () => json(toApprovalDto(await approvePlan(ctx, id, body)), 201));
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
