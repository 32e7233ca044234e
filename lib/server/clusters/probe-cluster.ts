import { connectionChecks, connectionTest, type ClusterConnection, type ConnectionTest } from '@/lib/core/clusters/connection-test';
import type { Deps } from '../deps';

/**
 * The connection test of connection details, typed or stored: who the credential is and what it
 * may do in the namespaces of the environments that deploy to this cluster. Writes nothing; a
 * failure throws (InvalidInput on caBundle/credential, Unavailable) before any caller saves.
 */
export async function probeCluster(deps: Deps, connection: ClusterConnection): Promise<ConnectionTest> {
  const namespaces = await platformNamespacesOn(deps, connection.name);
  const checks = connectionChecks(namespaces);
  const answer = await deps.clusterProbe.probe(connection, [...checks.needed, ...checks.broader]);
  return connectionTest(answer, namespaces, checks, deps.now());
}

/** The namespaces environments hold on this cluster (their deploy targets), whether or not a toggle renders each today. */
async function platformNamespacesOn(deps: Deps, cluster: string): Promise<string[]> {
  return deps.environments.findHeldNamespaces(cluster);
}
