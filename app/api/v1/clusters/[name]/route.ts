import { toClusterDto, toTestedClusterDto } from '@/lib/server/clusters/cluster-dto';
import { updateClusterBody } from '@/lib/server/clusters/cluster-input';
import { getCluster } from '@/lib/server/clusters/get-cluster';
import { updateCluster } from '@/lib/server/clusters/update-cluster';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';

export const GET = apiRoute(async ({ ctx, params }) => json(toClusterDto(await getCluster(ctx, params.name!))));

export const PUT = apiRoute(async ({ ctx, params, request }) => {
  return json(toTestedClusterDto(await updateCluster(ctx, params.name!, await readJsonBody(request, updateClusterBody))));
});

export const { POST, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET, PUT });
