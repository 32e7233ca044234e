import { InvalidInput } from '@/lib/core/errors';
import type { UseCaseContext } from '../context';

/** A spec may only name a cluster the console knows, so a plan can never target a guessed address. */
export async function requireRegisteredCluster(ctx: UseCaseContext, cluster: string): Promise<void> {
  if (await ctx.deps.clusters.findCluster(cluster)) return;
  throw new InvalidInput(`no cluster named ${cluster} is registered`, [
    { path: 'spec.cluster', message: `must name a registered cluster (an admin registers clusters under Clusters)` },
  ]);
}
