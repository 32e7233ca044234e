import { credentialBinding, legacyCredentialBinding } from '@/lib/core/clusters/credential-binding';
import { Conflict, errorCode, NotFound } from '@/lib/core/errors';
import type { ClusterRecord, SealedSecret, SecretBox } from '@/lib/core/ports';
import type { Deps } from '../deps';
import type { ClusterCredential } from './cluster-input';

/**
 * Server-internal: the decrypted credential for building a Kubernetes client. It takes no actor on
 * purpose; it is never exposed through a route, only used by use cases that already authorized.
 */
export async function openClusterCredential(deps: Deps, name: string): Promise<ClusterCredential> {
  const cluster = await deps.clusters.findCluster(name);
  if (!cluster) throw new NotFound(`no cluster named ${name}`);
  return openSealedCredential(deps.secrets, cluster);
}

/**
 * Opens a credential only with the connection details it was sealed for. Anything else fails
 * closed: a record sealed the old way (name only) or edited outside the console is never used.
 */
export function openSealedCredential(secrets: SecretBox, cluster: ClusterRecord & { credential: SealedSecret }): ClusterCredential {
  try {
    return JSON.parse(secrets.open(cluster.credential, credentialBinding(cluster))) as ClusterCredential;
  } catch (error) {
    if (errorCode(error)) throw error;
  }
  const reenter = `re-enter the credential (PUT /api/v1/clusters/${cluster.name} with a credential)`;
  if (opens(secrets, cluster.credential, legacyCredentialBinding(cluster.name))) {
    throw new Conflict(`the credential of cluster ${cluster.name} was stored by an earlier version that did not bind it to the API server URL and CA: ${reenter}`);
  }
  throw new Conflict(`the credential of cluster ${cluster.name} does not match its API server URL and CA (were they changed outside the console?): ${reenter}`);
}

function opens(secrets: SecretBox, sealed: SealedSecret, binding: string): boolean {
  try {
    secrets.open(sealed, binding);
    return true;
  } catch {
    return false;
  }
}
