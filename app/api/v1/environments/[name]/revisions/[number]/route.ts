import { parseOrThrow } from '@/lib/core/zod-issues';
import { toRevisionDto } from '@/lib/server/environments/environment-dto';
import { getRevision } from '@/lib/server/environments/get-revision';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { revisionNumber } from '@/lib/server/http/query';

export const GET = apiRoute(async ({ ctx, params }) => {
  const number = parseOrThrow(revisionNumber, params.number, 'the revision number');
  return json(toRevisionDto(await getRevision(ctx, params.name!, number)));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
