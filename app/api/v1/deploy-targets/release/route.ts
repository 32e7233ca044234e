import { toDeployTargetDto } from '@/lib/server/environments/environment-dto';
import { releaseDeployTargetBody } from '@/lib/server/environments/environment-input';
import { releaseDeployTarget } from '@/lib/server/environments/release-deploy-target';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';

export const POST = apiRoute(async ({ ctx, request }) => {
  const released = await releaseDeployTarget(ctx, await readJsonBody(request, releaseDeployTargetBody));
  return json({ ...toDeployTargetDto(released), releasedFrom: released.environment });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
