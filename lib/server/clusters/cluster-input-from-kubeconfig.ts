import { parse } from 'yaml';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { createClusterBody, type CreateClusterInput } from './cluster-input';

/** A cluster registration from a kubeconfig's first cluster and user (a bearer token), validated like the API's. */
export function clusterInputFromKubeconfig(name: string, kubeconfigYaml: string, what = 'the kubeconfig'): CreateClusterInput {
  const kubeconfig = parse(kubeconfigYaml);
  const cluster = kubeconfig?.clusters?.[0]?.cluster;
  return parseOrThrow(
    createClusterBody,
    {
      name,
      apiServerUrl: cluster?.server,
      caBundle: Buffer.from(cluster?.['certificate-authority-data'] ?? '', 'base64').toString('utf8'),
      credential: { kind: 'token', token: kubeconfig?.users?.[0]?.user?.token },
    },
    what,
  );
}
