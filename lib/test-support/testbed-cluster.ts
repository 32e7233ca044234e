import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateClusterInput } from '@/lib/server/clusters/cluster-input';
import { clusterInputFromKubeconfig } from '@/lib/server/clusters/cluster-input-from-kubeconfig';
import { stackDir } from '@/scripts/stack/test-support';

// The running Kubernetes testbed (npm run stack:up, or stack.sh up kube) as a cluster registration:
// its URL, CA and the console ServiceAccount's token, exactly as the demo registers it.
// PP_TESTBED_KUBECONFIG names another console kubeconfig (a testbed of another stack directory)
// without moving the rest of the stack, as the Playwright web server would with it.

export function testbedCluster(name: string): CreateClusterInput {
  const path = process.env.PP_TESTBED_KUBECONFIG ?? join(stackDir, 'kube', 'console.kubeconfig');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} missing: start the testbed with bash scripts/stack/stack.sh up kube`);
  }
  return clusterInputFromKubeconfig(name, text, 'the testbed console kubeconfig');
}

/** A PEM file of the testbed's PKI (admin.crt, admin.key, apiserver.crt...). */
export function testbedPem(file: string): string {
  return readFileSync(join(stackDir, 'kube', 'pki', file), 'utf8');
}

/** The testbed's URL under another name the API server's certificate also carries. */
export const testbedAlias = (url: string) => url.replace('127.0.0.1', 'localhost');
