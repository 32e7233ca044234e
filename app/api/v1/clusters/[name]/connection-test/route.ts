import { testClusterConnection } from '@/lib/server/clusters/test-cluster-connection';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';

// A POST: it makes the console talk to the cluster, which a GET (prefetched, cached) should not.
export const POST = apiRoute(async ({ ctx, params }) => json(await testClusterConnection(ctx, params.name!)));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
