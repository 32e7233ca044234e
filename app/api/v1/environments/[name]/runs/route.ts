import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { pageQuery, readQuery } from '@/lib/server/http/query';
import { findRuns } from '@/lib/server/runs/find-runs';
import { toRunDto } from '@/lib/server/runs/run-dto';
import { runId } from '@/lib/core/deploy/run-contract';

const runsQuery = pageQuery.extend({ cursor: runId.optional() });

// History: every run of the environment, newest first.
export const GET = apiRoute(async ({ ctx, params, url }) => {
  const page = await findRuns(ctx, params.name!, readQuery(url, runsQuery));
  return json({ items: page.items.map((run) => toRunDto(run)), nextCursor: page.nextCursor });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
