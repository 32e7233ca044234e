import { createCluster } from '@/lib/server/clusters/create-cluster';
import { toClusterDto, toTestedClusterDto } from '@/lib/server/clusters/cluster-dto';
import { createClusterBody } from '@/lib/server/clusters/cluster-input';
import { findClusters } from '@/lib/server/clusters/find-clusters';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';

export const GET = apiRoute(async ({ ctx }) => json({ items: (await findClusters(ctx)).map(toClusterDto) }));

export const POST = apiRoute(async ({ ctx, request }) => {
  const tested = await createCluster(ctx, await readJsonBody(request, createClusterBody));
  return json(toTestedClusterDto(tested), 201, { location: `/api/v1/clusters/${tested.cluster.name}` });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET, POST });
