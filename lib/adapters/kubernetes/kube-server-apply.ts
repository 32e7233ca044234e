// Server-side apply from a kubeconfig (npm run validate, the stack's tests): the same gateway the
// console deploys with, so a dry-run here sends exactly what a deploy would.
import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterConnection } from '@/lib/core/clusters/connection-test';
import type { PlainObject } from '@/manifests/validate/problem';
import type { ServerDryRun } from '@/manifests/validate/server-dry-run';
import { fieldManager, KubeClusterGateway } from './kube-cluster-gateway';

export { fieldManager };

/** The kubeconfig's current cluster and user as connection details (a token or a client certificate). */
export function connectionFromKubeConfig(kc: KubeConfig): ClusterConnection {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!cluster || !user) throw new Error('the kubeconfig has no current cluster and user');
  const pem = (data?: string, file?: string) => (data ? Buffer.from(data, 'base64').toString('utf8') : file ? readFileSync(file, 'utf8') : '');
  const credential = user.token
    ? { kind: 'token' as const, token: user.token }
    : { kind: 'client-certificate' as const, certificate: pem(user.certData, user.certFile), key: pem(user.keyData, user.keyFile) };
  return { name: cluster.name, apiServerUrl: cluster.server, caBundle: pem(cluster.caData, cluster.caFile), credential };
}

// One gateway per kubeconfig: it keeps its connections and API discovery across the objects.
const gateways = new WeakMap<KubeConfig, KubeClusterGateway>();

export function gatewayFor(kc: KubeConfig): KubeClusterGateway {
  let gateway = gateways.get(kc);
  if (!gateway) {
    gateway = new KubeClusterGateway(connectionFromKubeConfig(kc));
    gateways.set(kc, gateway);
  }
  return gateway;
}

/** The server's answer to a dry-run apply of one object: undefined when accepted, else its message. */
export function kubeServerDryRun(kc: KubeConfig): ServerDryRun {
  return async (object) => {
    try {
      await gatewayFor(kc).dryRunApply(object as never);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
}

export async function applyForReal(kc: KubeConfig, object: PlainObject): Promise<void> {
  try {
    await gatewayFor(kc).apply(object as never, { force: false });
  } catch (error) {
    throw new Error(`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}: ${(error as Error).message}`);
  }
}
