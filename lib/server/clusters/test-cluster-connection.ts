import { canManageClusters } from '@/lib/core/auth/roles';
import type { ConnectionTest } from '@/lib/core/clusters/connection-test';
import { NotFound } from '@/lib/core/errors';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import { refuseAnotherCluster } from './accept-connection-test';
import { openSealedCredential } from './open-cluster-credential';
import { probeCluster } from './probe-cluster';

/**
 * Re-tests a registered cluster with its stored connection details and credential. Conflict when
 * another cluster now answers at its address; a record made before identities were recorded gets
 * its identity (audited), the only thing a re-test writes.
 */
export async function testClusterConnection(ctx: UseCaseContext, name: string): Promise<ConnectionTest> {
  enforce(canManageClusters(requireActor(ctx)));
  const cluster = await ctx.deps.clusters.findCluster(name);
  if (!cluster) throw new NotFound(`no cluster named ${name}`);
  const connectionTest = await probeCluster(ctx.deps, { ...cluster, credential: openSealedCredential(ctx.deps.secrets, cluster) });
  await refuseAnotherCluster(ctx.deps, name, connectionTest, cluster);
  if (!cluster.clusterUid) {
    const { credential: _sealed, ...visible } = cluster;
    await ctx.deps.clusters.updateCluster(
      { ...visible, clusterUid: connectionTest.clusterUid },
      auditEntry(ctx, { action: 'cluster.identity-recorded', targetType: 'cluster', targetName: name, summary: `recorded kube-system UID ${connectionTest.clusterUid}` }),
    );
  }
  return connectionTest;
}
