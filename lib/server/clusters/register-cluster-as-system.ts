import type { Deps } from '../deps';
import type { CreateClusterInput } from './cluster-input';
import { sealedClusterRecord } from './sealed-cluster-record';

/**
 * Creates or refreshes a cluster on behalf of the system (the demo registering its local testbed),
 * sealing the credential like any admin registration and auditing it as the system.
 */
export async function registerClusterAsSystem(
  deps: Deps,
  input: CreateClusterInput,
  requestId: string,
): Promise<'created' | 'updated'> {
  const record = sealedClusterRecord(deps, input);
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
