import { canManageClusters } from '@/lib/core/auth/roles';
import type { ClusterRecord } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import { credentialAad, type UpdateClusterInput } from './cluster-input';
import { getCluster } from './get-cluster';

/** Updates connection details; a credential is replaced only when a new one is given. */
export async function updateCluster(ctx: UseCaseContext, name: string, input: UpdateClusterInput): Promise<ClusterRecord> {
  const existing = await getCluster(ctx, name);
  enforce(canManageClusters(requireActor(ctx)));
  return ctx.deps.clusters.updateCluster(
    {
      ...existing,
      apiServerUrl: input.apiServerUrl,
      caBundle: input.caBundle,
      credentialKind: input.credential?.kind ?? existing.credentialKind,
      credential: input.credential ? ctx.deps.secrets.seal(JSON.stringify(input.credential), credentialAad(name)) : undefined,
    },
    auditEntry(ctx, {
      action: input.credential ? 'cluster.credential-rotated' : 'cluster.updated',
      targetType: 'cluster',
      targetName: name,
      summary: input.credential ? `replaced the ${input.credential.kind} credential` : `updated connection to ${input.apiServerUrl}`,
    }),
  );
}
