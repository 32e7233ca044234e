import { canManageClusters } from '@/lib/core/auth/roles';
import type { ClusterRecord } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import { credentialAad, type CreateClusterInput } from './cluster-input';

export async function createCluster(ctx: UseCaseContext, input: CreateClusterInput): Promise<ClusterRecord> {
  enforce(canManageClusters(requireActor(ctx)));
  const now = ctx.deps.now();
  return ctx.deps.clusters.createCluster(
    {
      name: input.name,
      apiServerUrl: input.apiServerUrl,
      caBundle: input.caBundle,
      credentialKind: input.credential.kind,
      createdAt: now,
      updatedAt: now,
      credential: ctx.deps.secrets.seal(JSON.stringify(input.credential), credentialAad(input.name)),
    },
    auditEntry(ctx, {
      action: 'cluster.created',
      targetType: 'cluster',
      targetName: input.name,
      summary: `registered ${input.apiServerUrl} with a ${input.credential.kind} credential`,
    }),
  );
}
