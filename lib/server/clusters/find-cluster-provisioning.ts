import { canReadEnvironments } from '@/lib/core/auth/roles';
import type { ClusterProvisioning } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** Clusters being brought up (shown to everyone who can see environments: their deploys wait for them). */
export async function findClusterProvisioning(ctx: UseCaseContext): Promise<ClusterProvisioning[]> {
  enforce(canReadEnvironments(requireActor(ctx)));
  return ctx.deps.clusters.findProvisioning();
}
