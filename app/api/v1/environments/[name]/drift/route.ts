import { checkDriftNow } from '@/lib/server/drift/check-drift-now';
import { getDrift } from '@/lib/server/drift/get-drift';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';

// GET reads the last stored check; POST checks now (operators, admins) and answers the new one.
export const GET = apiRoute(async ({ ctx, params }) => json(await getDrift(ctx, params.name!)));

export const POST = apiRoute(async ({ ctx, params }) => json(await checkDriftNow(ctx, params.name!)));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET, POST });
