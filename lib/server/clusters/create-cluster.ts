import { canManageClusters } from '@/lib/core/auth/roles';
import type { ClusterRecord } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import type { CreateClusterInput } from './cluster-input';
import { sealedClusterRecord } from './sealed-cluster-record';

export async function createCluster(ctx: UseCaseContext, input: CreateClusterInput): Promise<ClusterRecord> {
  enforce(canManageClusters(requireActor(ctx)));
  return ctx.deps.clusters.createCluster(
    sealedClusterRecord(ctx.deps, input),
    auditEntry(ctx, {
      action: 'cluster.created',
      targetType: 'cluster',
      targetName: input.name,
      summary: `registered ${input.apiServerUrl} with a ${input.credential.kind} credential`,
    }),
  );
}
