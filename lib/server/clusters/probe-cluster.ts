import { connectionChecks, connectionTest, type ClusterConnection, type ConnectionTest } from '@/lib/core/clusters/connection-test';
import { renderNamespaces } from '@/manifests/namespaces';
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

async function platformNamespacesOn(deps: Deps, cluster: string): Promise<string[]> {
  const namespaces: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.environments.findEnvironments({ limit: 100, cursor });
    for (const environment of page.items.filter((item) => item.cluster === cluster)) {
      const head = await deps.environments.findHead(environment.name);
      if (head) namespaces.push(...renderNamespaces(head.spec).map((namespace) => namespace.metadata!.name!));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return [...new Set(namespaces)].sort();
}
