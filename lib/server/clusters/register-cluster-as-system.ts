import type { ConnectionTest } from '@/lib/core/clusters/connection-test';
import type { Deps } from '../deps';
import type { CreateClusterInput } from './cluster-input';
import { acceptConnectionTest } from './accept-connection-test';
import { probeCluster } from './probe-cluster';
import { sealedClusterRecord } from './sealed-cluster-record';

/**
 * Creates or refreshes a cluster on behalf of the system (the demo registering its local testbed),
 * testing the connection and sealing the credential like any admin registration, audited as the system.
 */
export async function registerClusterAsSystem(
  deps: Deps,
  input: CreateClusterInput,
  requestId: string,
): Promise<{ outcome: 'created' | 'updated'; connectionTest: ConnectionTest }> {
  const connectionTest = await probeCluster(deps, input);
  const existing = await deps.clusters.findCluster(input.name);
  await acceptConnectionTest(deps, input.name, connectionTest, undefined, existing);
  const record = sealedClusterRecord(deps, input, connectionTest);
  const audit = (action: string, summary: string) => ({
    actor: null,
    action,
    targetType: 'cluster' as const,
    targetName: input.name,
    requestId,
    summary: `${summary} (kube-system UID ${connectionTest.clusterUid}) acting as ${connectionTest.identity.username}`,
  });
  if (existing) {
    await deps.clusters.updateCluster(record, audit('cluster.credential-rotated', `refreshed the local testbed credential for ${input.apiServerUrl}`));
    return { outcome: 'updated', connectionTest };
  }
  await deps.clusters.createCluster(record, audit('cluster.created', `registered the local testbed at ${input.apiServerUrl}`));
  return { outcome: 'created', connectionTest };
}
