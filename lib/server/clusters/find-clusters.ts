import { canManageClusters } from '@/lib/core/auth/roles';
import type { ClusterRecord } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** Cluster connection details without credentials: those never leave the server. */
export async function findClusters(ctx: UseCaseContext): Promise<ClusterRecord[]> {
  enforce(canManageClusters(requireActor(ctx)));
  return ctx.deps.clusters.findClusters();
}
