import { canManageClusters } from '@/lib/core/auth/roles';
import { InvalidInput, NotFound } from '@/lib/core/errors';
import type { ClusterRecord } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import type { UpdateClusterInput } from './cluster-input';
import type { TestedCluster } from './create-cluster';
import { acceptConnectionTest, overrideSummary } from './accept-connection-test';
import { openSealedCredential } from './open-cluster-credential';
import { probeCluster } from './probe-cluster';
import { sealedClusterRecord } from './sealed-cluster-record';

/**
 * Updates connection details after a connection test with them. The credential is sealed to the API
 * server URL and CA, so changing either needs the credential again; without a change it stays. The
 * cluster behind the new details must be the one registered (a record made before identities were
 * recorded gets its identity now).
 */
export async function updateCluster(ctx: UseCaseContext, name: string, input: UpdateClusterInput): Promise<TestedCluster> {
  enforce(canManageClusters(requireActor(ctx)));
  const existing = await ctx.deps.clusters.findCluster(name);
  if (!existing) throw new NotFound(`no cluster named ${name}`);
  const moved = input.apiServerUrl !== existing.apiServerUrl;
  const newCa = input.caBundle !== existing.caBundle;
  if ((moved || newCa) && !input.credential) {
    const changed = [moved && 'API server URL', newCa && 'CA bundle'].filter(Boolean).join(' and ');
    throw new InvalidInput(`changing the ${changed} needs the credential again: it is sealed to the cluster's address`, [
      { path: 'credential', message: `required when the ${changed} changes` },
    ]);
  }
  const { override, ...details } = input;
  const credential = details.credential ?? openSealedCredential(ctx.deps.secrets, existing);
  const connectionTest = await probeCluster(ctx.deps, { name, ...details, credential });
  await acceptConnectionTest(ctx.deps, name, connectionTest, override, existing);
  const { credential: _stored, ...visible } = existing;
  const record = details.credential
    ? { ...sealedClusterRecord(ctx.deps, { name, ...details, credential: details.credential }, connectionTest), createdAt: existing.createdAt }
    : { ...visible, clusterUid: connectionTest.clusterUid, credential: undefined };
  const cluster = await ctx.deps.clusters.updateCluster(
    record,
    auditEntry(ctx, {
      action: input.credential && !moved && !newCa ? 'cluster.credential-rotated' : 'cluster.updated',
      targetType: 'cluster',
      targetName: name,
      summary: `${updateSummary(existing, input, moved, newCa)}; acting as ${connectionTest.identity.username}${overrideSummary(connectionTest, override)}`,
    }),
  );
  return { cluster, connectionTest };
}

function updateSummary(existing: ClusterRecord, input: UpdateClusterInput, moved: boolean, newCa: boolean): string {
  const parts = [
    moved ? `moved the API server from ${existing.apiServerUrl} to ${input.apiServerUrl}` : `API server ${existing.apiServerUrl} unchanged`,
    ...(newCa ? ['replaced the CA bundle'] : []),
    ...(input.credential ? [`replaced the ${input.credential.kind} credential`] : []),
  ];
  return parts.join('; ');
}
