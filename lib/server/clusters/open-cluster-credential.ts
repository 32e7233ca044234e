import { NotFound } from '@/lib/core/errors';
import type { Deps } from '../deps';
import { credentialAad, type ClusterCredential } from './cluster-input';

/**
 * Server-internal: the decrypted credential for building a Kubernetes client. It takes no actor on
 * purpose; it is never exposed through a route, only used by use cases that already authorized.
 */
export async function openClusterCredential(deps: Deps, name: string): Promise<ClusterCredential> {
  const cluster = await deps.clusters.findCluster(name);
  if (!cluster) throw new NotFound(`no cluster named ${name}`);
  return JSON.parse(deps.secrets.open(cluster.credential, credentialAad(name))) as ClusterCredential;
}
