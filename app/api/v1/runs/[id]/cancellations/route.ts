import { cancelRunBody, runId } from '@/lib/core/deploy/run-contract';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { idempotent } from '@/lib/server/http/idempotency';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';
import { cancelRun } from '@/lib/server/runs/cancel-run';
import { toRunDto } from '@/lib/server/runs/run-dto';

// Cancels a queued run (operator, admin): 409 once a worker has taken it.
export const POST = apiRoute(async ({ ctx, params, request, url }) => {
  const id = parseOrThrow(runId, params.id, 'the run id');
  const body = await readJsonBody(request, cancelRunBody);
  return idempotent({ request, url, ctx, body }, async () => json(toRunDto(await cancelRun(ctx, id))));
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
