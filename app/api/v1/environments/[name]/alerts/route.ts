import { findEnvironmentAlerts } from '@/lib/server/alerts/find-environment-alerts';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { environmentParam } from '@/lib/server/http/environment-param';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';

export const GET = apiRoute(async ({ ctx, params }) => json(await findEnvironmentAlerts(ctx, environmentParam(params))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
