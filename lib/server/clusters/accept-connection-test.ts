import { registrationConcerns, type ConnectionTest } from '@/lib/core/clusters/connection-test';
import { Conflict, InvalidInput } from '@/lib/core/errors';
import type { ClusterRecord } from '@/lib/core/ports';
import type { Deps } from '../deps';

export type Override = { reason: string };

/**
 * Whether connection details a connection test just passed may be stored for the cluster `name`
 * (registered as `existing`, if it is): the cluster behind them is the one registered under that
 * name and under no other (deploy targets are held per cluster name, so one cluster under two names
 * would let two environments hold one namespace), and the credential is the console's own
 * ServiceAccount with no broader rights, unless an administrator overrides that with a reason.
 */
export async function acceptConnectionTest(deps: Deps, name: string, test: ConnectionTest, override?: Override, existing?: ClusterRecord | null): Promise<void> {
  await refuseAnotherCluster(deps, name, test, existing);
  const concerns = registrationConcerns(test);
  if (concerns.length > 0 && !override) {
    throw new InvalidInput(`the credential for cluster ${name} should not be stored: ${concerns.join('; ')}. Use the console's own ServiceAccount, or give an override with a reason`, [
      { path: 'credential', message: concerns.join('; ') },
    ]);
  }
}

/** Conflict when the API server turns out to be another cluster than the one registered, or one registered under another name. */
export async function refuseAnotherCluster(deps: Deps, name: string, test: ConnectionTest, existing?: ClusterRecord | null): Promise<void> {
  if (existing?.clusterUid && existing.clusterUid !== test.clusterUid) {
    throw new Conflict(
      `the API server now answering for cluster ${name} is another cluster (kube-system UID ${test.clusterUid}, registered: ${existing.clusterUid}); register that one under a name of its own`,
    );
  }
  const other = await deps.clusters.findClusterByUid(test.clusterUid);
  if (other && other.name !== name) {
    throw new Conflict(`this cluster is registered already, as ${other.name} (${other.apiServerUrl}, kube-system UID ${test.clusterUid}): one cluster, one registration`);
  }
}

/** The audit log's account of an override: who decided what against which concerns. */
export function overrideSummary(test: ConnectionTest, override?: Override): string {
  const concerns = registrationConcerns(test);
  return override && concerns.length > 0 ? `; stored despite: ${concerns.join('; ')}; override reason: ${override.reason}` : '';
}
