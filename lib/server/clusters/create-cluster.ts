import { canManageClusters } from '@/lib/core/auth/roles';
import type { ConnectionTest } from '@/lib/core/clusters/connection-test';
import type { ClusterRecord } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import { acceptConnectionTest, overrideSummary } from './accept-connection-test';
import type { CreateClusterInput } from './cluster-input';
import { probeCluster } from './probe-cluster';
import { sealedClusterRecord } from './sealed-cluster-record';

export type TestedCluster = { cluster: ClusterRecord; connectionTest: ConnectionTest };

/**
 * Registers a cluster once its API server has answered the connection test; a failed test saves
 * nothing, nor does a cluster registered already under another name or a credential the test
 * advises against (unless overridden).
 */
export async function createCluster(ctx: UseCaseContext, input: CreateClusterInput): Promise<TestedCluster> {
  enforce(canManageClusters(requireActor(ctx)));
  const { override, ...connection } = input;
  const connectionTest = await probeCluster(ctx.deps, connection);
  await acceptConnectionTest(ctx.deps, input.name, connectionTest, override);
  const cluster = await ctx.deps.clusters.createCluster(
    sealedClusterRecord(ctx.deps, connection, connectionTest),
    auditEntry(ctx, {
      action: 'cluster.created',
      targetType: 'cluster',
      targetName: input.name,
      summary: `registered ${input.apiServerUrl} (kube-system UID ${connectionTest.clusterUid}) with a ${input.credential.kind} credential acting as ${connectionTest.identity.username}${overrideSummary(connectionTest, override)}`,
    }),
  );
  return { cluster, connectionTest };
}
