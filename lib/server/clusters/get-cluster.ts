import { canManageClusters } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import type { ClusterRecord } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

export async function getCluster(ctx: UseCaseContext, name: string): Promise<ClusterRecord> {
  enforce(canManageClusters(requireActor(ctx)));
  const cluster = await ctx.deps.clusters.findCluster(name);
  if (!cluster) throw new NotFound(`no cluster named ${name}`);
  const { credential: _sealed, ...visible } = cluster;
  return visible;
}
