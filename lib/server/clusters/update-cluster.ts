import { canManageClusters } from '@/lib/core/auth/roles';
import { InvalidInput } from '@/lib/core/errors';
import type { ClusterRecord } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import type { UpdateClusterInput } from './cluster-input';
import { getCluster } from './get-cluster';
import { sealedClusterRecord } from './sealed-cluster-record';

/**
 * Updates connection details. The credential is sealed to the API server URL and CA, so changing
 * either needs the credential again; without a change it stays as it is.
 */
export async function updateCluster(ctx: UseCaseContext, name: string, input: UpdateClusterInput): Promise<ClusterRecord> {
  const existing = await getCluster(ctx, name);
  enforce(canManageClusters(requireActor(ctx)));
  const moved = input.apiServerUrl !== existing.apiServerUrl;
  const newCa = input.caBundle !== existing.caBundle;
  if ((moved || newCa) && !input.credential) {
    const changed = [moved && 'API server URL', newCa && 'CA bundle'].filter(Boolean).join(' and ');
    throw new InvalidInput(`changing the ${changed} needs the credential again: it is sealed to the cluster's address`, [
      { path: 'credential', message: `required when the ${changed} changes` },
    ]);
  }
  const record = input.credential
    ? { ...sealedClusterRecord(ctx.deps, { name, ...input, credential: input.credential }), createdAt: existing.createdAt }
    : { ...existing, credential: undefined };
  return ctx.deps.clusters.updateCluster(
    record,
    auditEntry(ctx, {
      action: moved || newCa ? 'cluster.updated' : input.credential ? 'cluster.credential-rotated' : 'cluster.updated',
      targetType: 'cluster',
      targetName: name,
      summary: updateSummary(existing, input, moved, newCa),
    }),
  );
}

function updateSummary(existing: ClusterRecord, input: UpdateClusterInput, moved: boolean, newCa: boolean): string {
  const parts = [
    moved ? `moved the API server from ${existing.apiServerUrl} to ${input.apiServerUrl}` : `API server ${existing.apiServerUrl} unchanged`,
    ...(newCa ? ['replaced the CA bundle'] : []),
    ...(input.credential ? [`replaced the ${input.credential.kind} credential`] : []),
  ];
  return parts.join('; ');
}
