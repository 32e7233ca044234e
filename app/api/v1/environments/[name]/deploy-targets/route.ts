import { toDeployTargetDto } from '@/lib/server/environments/environment-dto';
import { findDeployTargets } from '@/lib/server/environments/find-deploy-targets';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';

export const GET = apiRoute(async ({ ctx, params }) => json({ items: (await findDeployTargets(ctx, params.name!)).map(toDeployTargetDto) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
