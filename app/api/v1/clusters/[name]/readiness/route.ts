import { getClusterReadiness } from '@/lib/server/setup/get-cluster-readiness';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';

// Read live on every call: never cached, by the browser or anything between.
export const GET = apiRoute(async ({ ctx, params }) => json(await getClusterReadiness(ctx, params.name!), 200, { 'cache-control': 'no-store' }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
