import { runId } from '@/lib/core/deploy/run-contract';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { getRun } from '@/lib/server/runs/get-run';
import { toRunDto } from '@/lib/server/runs/run-dto';
import { findWorkerPresence } from '@/lib/server/runs/worker-presence';

// A run with each object's outcome; a queued one also says whether any worker is alive to take it.
export const GET = apiRoute(async ({ ctx, params }) => {
  const run = await getRun(ctx, parseOrThrow(runId, params.id, 'the run id'));
  return json(toRunDto(run, run.status === 'queued' ? await findWorkerPresence(ctx) : undefined));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
