import { testClusterConnection } from '@/lib/server/clusters/test-cluster-connection';
import { apiRoute, json } from '@/lib/server/http/api-route';

// A POST: it makes the console talk to the cluster, which a GET (prefetched, cached) should not.
export const POST = apiRoute(async ({ ctx, params }) => json(await testClusterConnection(ctx, params.name!)));
