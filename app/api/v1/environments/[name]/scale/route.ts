import { z } from 'zod';
import { componentNames } from '@/lib/core/environments/environment-spec';
import { type ScaleResultDto, scaleRequestSchema } from '@/lib/core/environments/scale-component';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { environmentParam } from '@/lib/server/http/environment-param';
import { idempotent } from '@/lib/server/http/idempotency';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readQuery } from '@/lib/server/http/query';
import { readJsonBody } from '@/lib/server/http/read-json-body';
import { toPlanDto } from '@/lib/server/plans/plan-dto';
import { toRunDto } from '@/lib/server/runs/run-dto';
import { findScaleState } from '@/lib/server/scaling/find-scale-state';
import { scaleComponent } from '@/lib/server/scaling/scale-component';

const scaleQuery = z.strictObject({ component: z.enum(componentNames) });

// A component's scale: the head revision's settings, what runs now (shared watch caches), the autoscaler's decisions.
export const GET = apiRoute(async ({ ctx, params, url }) => json(await findScaleState(ctx, environmentParam(params), readQuery(url, scaleQuery).component)));

// A scale is an environment edit, planned and deployed at once where no approval is needed.
export const POST = apiRoute(async ({ ctx, params, request, url }) => {
  const body = await readJsonBody(request, scaleRequestSchema);
  return idempotent({ request, url, ctx, body }, async () => {
    const { revision, plan, run } = await scaleComponent(ctx, environmentParam(params), body);
    const result: ScaleResultDto = { revision: revision.number, changeNote: revision.changeNote, plan: toPlanDto(plan, ctx.deps.now()), run: run ? toRunDto(run) : null };
    return json(result, 201, { location: run ? `/api/v1/runs/${run.id}` : `/api/v1/plans/${plan.id}` });
  });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET, POST });
