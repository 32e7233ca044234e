import { canManageClusters } from '@/lib/core/auth/roles';
import type { ConnectionTest } from '@/lib/core/clusters/connection-test';
import { NotFound } from '@/lib/core/errors';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { openSealedCredential } from './open-cluster-credential';
import { probeCluster } from './probe-cluster';

/** Re-tests a registered cluster with its stored connection details and credential. */
export async function testClusterConnection(ctx: UseCaseContext, name: string): Promise<ConnectionTest> {
  enforce(canManageClusters(requireActor(ctx)));
  const cluster = await ctx.deps.clusters.findCluster(name);
  if (!cluster) throw new NotFound(`no cluster named ${name}`);
  return probeCluster(ctx.deps, { ...cluster, credential: openSealedCredential(ctx.deps.secrets, cluster) });
}
