import type { ConnectionTest } from '@/lib/core/clusters/connection-test';
import { credentialBinding } from '@/lib/core/clusters/credential-binding';
import type { ClusterRecord, SealedSecret } from '@/lib/core/ports';
import type { Deps } from '../deps';
import type { CreateClusterInput } from './cluster-input';

/**
 * A cluster as stored: connection details plus its credential sealed and bound to name, URL and CA,
 * with what its connection test found out about the cluster and the credential.
 */
export function sealedClusterRecord(
  deps: Deps,
  input: Omit<CreateClusterInput, 'override'>,
  tested: Pick<ConnectionTest, 'clusterUid' | 'credentialExpiresAt'>,
): ClusterRecord & { credential: SealedSecret } {
  const now = deps.now();
  return {
    name: input.name,
    apiServerUrl: input.apiServerUrl,
    caBundle: input.caBundle,
    credentialKind: input.credential.kind,
    clusterUid: tested.clusterUid,
    credentialExpiresAt: tested.credentialExpiresAt ? new Date(tested.credentialExpiresAt) : null,
    createdAt: now,
    updatedAt: now,
    credential: deps.secrets.seal(JSON.stringify(input.credential), credentialBinding(input)),
  };
}
