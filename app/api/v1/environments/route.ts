import { createEnvironment } from '@/lib/server/environments/create-environment';
import { toEnvironmentSummaryDto, toRevisionDto } from '@/lib/server/environments/environment-dto';
import { createEnvironmentBody } from '@/lib/server/environments/environment-input';
import { findEnvironments } from '@/lib/server/environments/find-environments';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { etagFor } from '@/lib/server/http/if-match';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { pageQuery, readQuery } from '@/lib/server/http/query';
import { readJsonBody } from '@/lib/server/http/read-json-body';

export const GET = apiRoute(async ({ ctx, url }) => {
  const page = await findEnvironments(ctx, readQuery(url, pageQuery));
  return json({ items: page.items.map(toEnvironmentSummaryDto), nextCursor: page.nextCursor });
});

export const POST = apiRoute(async ({ ctx, request }) => {
  const created = await createEnvironment(ctx, await readJsonBody(request, createEnvironmentBody));
  return json(toRevisionDto(created), 201, {
    location: `/api/v1/environments/${created.environment}`,
    etag: etagFor(created.number),
  });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET, POST });
