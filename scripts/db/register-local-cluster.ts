// Registers the local testbed as cluster "local" (the cluster the seeded environments name), with
// the console ServiceAccount's kubeconfig: its least-privilege token, tested and sealed like any credential.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createPrismaClient } from '@/lib/adapters/prisma/prisma-client';
import { getEnv } from '@/lib/env';
import { clusterInputFromKubeconfig } from '@/lib/server/clusters/cluster-input-from-kubeconfig';
import { registerClusterAsSystem } from '@/lib/server/clusters/register-cluster-as-system';
import { createDeps } from '@/lib/server/deps';

const kubeconfigPath = process.argv[2];
if (!kubeconfigPath) throw new Error('usage: register-local-cluster.ts <console kubeconfig>');
const input = clusterInputFromKubeconfig('local', await readFile(kubeconfigPath, 'utf8'), 'the console kubeconfig');
const env = getEnv();
const db = createPrismaClient(env.DATABASE_URL);
const deps = createDeps({ db, keys: env.CREDENTIAL_KEYS, activeKeyId: env.CREDENTIAL_ACTIVE_KEY_ID });
try {
  const { outcome, connectionTest } = await registerClusterAsSystem(deps, input, randomUUID());
  const missing = connectionTest.needed.filter((answer) => !answer.allowed).length;
  console.log(`cluster local (${input.apiServerUrl}, ${connectionTest.serverVersion}): ${outcome}, acting as ${connectionTest.identity.username}${missing ? `; ${missing} needed rights missing` : ''}`);
} finally {
  await db.$disconnect();
}
