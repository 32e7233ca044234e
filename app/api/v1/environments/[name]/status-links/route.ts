import { createStatusLinkBody } from '@/lib/core/status/status-contract';
import { statusLinkPath } from '@/lib/core/status/status-link';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { environmentParam } from '@/lib/server/http/environment-param';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';
import { createStatusLink } from '@/lib/server/status-links/create-status-link';
import { findStatusLinks } from '@/lib/server/status-links/find-status-links';
import { toStatusLinkDto } from '@/lib/server/status-links/status-link-dto';

export const GET = apiRoute(async ({ ctx, params }) => json({ items: (await findStatusLinks(ctx, environmentParam(params))).map((link) => toStatusLinkDto(link, ctx.deps.now())) }));

export const POST = apiRoute(async ({ ctx, params, request }) => {
  const link = await createStatusLink(ctx, environmentParam(params), await readJsonBody(request, createStatusLinkBody));
  return json({ ...toStatusLinkDto(link, ctx.deps.now()), token: link.token, path: statusLinkPath(link.environment, link.token) }, 201, { 'cache-control': 'no-store' });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET, POST });
