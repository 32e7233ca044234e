import { getDeps } from '@/lib/server/deps';
import { checkReadiness } from '@/lib/server/health/check-readiness';
import { readinessResponse } from '@/lib/server/health/readiness-response';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';

// The readiness probe (manifests/console): Postgres and the job queue. No sign-in: the kubelet has
// no token, and the answer names only which check failed.
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  return readinessResponse(await checkReadiness(getDeps().readiness));
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
