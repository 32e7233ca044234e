import { runId } from '@/lib/core/deploy/run-contract';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { getRun } from '@/lib/server/runs/get-run';
import { toRunDto } from '@/lib/server/runs/run-dto';

export const GET = apiRoute(async ({ ctx, params }) => json(toRunDto(await getRun(ctx, parseOrThrow(runId, params.id, 'the run id')))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
