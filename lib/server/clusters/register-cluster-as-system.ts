import type { Deps } from '../deps';
import { credentialAad, type ClusterCredential } from './cluster-input';

/**
 * Creates or refreshes a cluster on behalf of the system (the demo registering its local testbed),
 * sealing the credential like any admin registration and auditing it as the system.
 */
export async function registerClusterAsSystem(
  deps: Deps,
  input: { name: string; apiServerUrl: string; caBundle: string; credential: ClusterCredential },
  requestId: string,
): Promise<'created' | 'updated'> {
  const now = deps.now();
  const record = {
    name: input.name,
    apiServerUrl: input.apiServerUrl,
    caBundle: input.caBundle,
    credentialKind: input.credential.kind,
    createdAt: now,
    updatedAt: now,
    credential: deps.secrets.seal(JSON.stringify(input.credential), credentialAad(input.name)),
  };
  const audit = (action: string, summary: string) => ({
    actor: null,
    action,
    targetType: 'cluster' as const,
    targetName: input.name,
    requestId,
    summary,
  });
  if (await deps.clusters.findCluster(input.name)) {
    await deps.clusters.updateCluster(record, audit('cluster.credential-rotated', `refreshed the local testbed credential for ${input.apiServerUrl}`));
    return 'updated';
  }
  await deps.clusters.createCluster(record, audit('cluster.created', `registered the local testbed at ${input.apiServerUrl}`));
  return 'created';
}
