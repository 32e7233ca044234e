import { toRevisionDto } from '@/lib/server/environments/environment-dto';
import { updateEnvironmentBody } from '@/lib/server/environments/environment-input';
import { getEnvironment } from '@/lib/server/environments/get-environment';
import { updateEnvironment } from '@/lib/server/environments/update-environment';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { etagFor, readIfMatchRevision } from '@/lib/server/http/if-match';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';

export const GET = apiRoute(async ({ ctx, params }) => {
  const head = await getEnvironment(ctx, params.name!);
  return json(toRevisionDto(head), 200, { etag: etagFor(head.number) });
});

export const PUT = apiRoute(async ({ ctx, params, request }) => {
  const expected = readIfMatchRevision(request);
  const body = await readJsonBody(request, updateEnvironmentBody);
  const saved = await updateEnvironment(ctx, params.name!, expected, body);
  return json(toRevisionDto(saved), 200, { etag: etagFor(saved.number) });
});

export const { POST, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET, PUT });
