import { canReadEnvironments } from '@/lib/core/auth/roles';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** The registered clusters' names, for choosing where an environment deploys (connection details stay admin-only). */
export async function findClusterNames(ctx: UseCaseContext): Promise<string[]> {
  enforce(canReadEnvironments(requireActor(ctx)));
  return (await ctx.deps.clusters.findClusters()).map((cluster) => cluster.name);
}
