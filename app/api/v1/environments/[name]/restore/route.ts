import { restoreEnvironment } from '@/lib/server/backups/restore-environment';
import { restoreEnvironmentBody } from '@/lib/server/backups/backup-input';
import { toRevisionDto } from '@/lib/server/environments/environment-dto';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { etagFor } from '@/lib/server/http/if-match';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';

// Creates environment {name} from a configuration backup (GET .../configuration-backup of another).
export const POST = apiRoute(async ({ ctx, params, request }) => {
  const created = await restoreEnvironment(ctx, params.name!, await readJsonBody(request, restoreEnvironmentBody));
  return json(toRevisionDto(created), 201, {
    location: `/api/v1/environments/${created.environment}`,
    etag: etagFor(created.number),
  });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
