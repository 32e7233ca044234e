import { cloneEnvironment } from '@/lib/server/environments/clone-environment';
import { toRevisionDto } from '@/lib/server/environments/environment-dto';
import { cloneEnvironmentBody } from '@/lib/server/environments/environment-input';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { etagFor } from '@/lib/server/http/if-match';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';

export const POST = apiRoute(async ({ ctx, params, request }) => {
  const created = await cloneEnvironment(ctx, params.name!, await readJsonBody(request, cloneEnvironmentBody));
  return json(toRevisionDto(created), 201, {
    location: `/api/v1/environments/${created.environment}`,
    etag: etagFor(created.number),
  });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
