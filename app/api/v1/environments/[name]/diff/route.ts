import { z } from 'zod';
import { getRevisionDiff } from '@/lib/server/environments/get-revision-diff';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readQuery, revisionNumber } from '@/lib/server/http/query';

const diffQuery = z.strictObject({ from: revisionNumber, to: revisionNumber });

export const GET = apiRoute(async ({ ctx, params, url }) => {
  const { from, to } = readQuery(url, diffQuery);
  return json(await getRevisionDiff(ctx, params.name!, from, to));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
