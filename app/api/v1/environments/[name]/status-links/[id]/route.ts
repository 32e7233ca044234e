import { z } from 'zod';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { environmentParam } from '@/lib/server/http/environment-param';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { revokeStatusLink } from '@/lib/server/status-links/revoke-status-link';
import { toStatusLinkDto } from '@/lib/server/status-links/status-link-dto';

export const DELETE = apiRoute(async ({ ctx, params }) => {
  const id = parseOrThrow(z.uuid(), params.id, 'the status link id');
  return json(toStatusLinkDto(await revokeStatusLink(ctx, environmentParam(params), id), ctx.deps.now()));
});

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethodsNotAllowed({ DELETE });
