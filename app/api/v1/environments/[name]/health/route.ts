import { getEnvironmentHealth } from '@/lib/server/health/read-environment-health';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { environmentParam } from '@/lib/server/http/environment-param';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';

export const GET = apiRoute(async ({ ctx, params }) => json(await getEnvironmentHealth(ctx, environmentParam(params))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
