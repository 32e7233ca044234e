// Registers the local testbed as cluster "local" (the cluster the seeded environments name), with
// the console ServiceAccount's kubeconfig: its least-privilege token, sealed like any credential.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { createPrismaClient } from '@/lib/adapters/prisma/prisma-client';
import { getEnv } from '@/lib/env';
import { createClusterBody } from '@/lib/server/clusters/cluster-input';
import { registerClusterAsSystem } from '@/lib/server/clusters/register-cluster-as-system';
import { createDeps } from '@/lib/server/deps';
import { parseOrThrow } from '@/lib/core/zod-issues';

const kubeconfigPath = process.argv[2];
if (!kubeconfigPath) throw new Error('usage: register-local-cluster.ts <console kubeconfig>');
const kubeconfig = parse(await readFile(kubeconfigPath, 'utf8'));
const cluster = kubeconfig.clusters?.[0]?.cluster;
const token = kubeconfig.users?.[0]?.user?.token;
const input = parseOrThrow(
  createClusterBody,
  {
    name: 'local',
    apiServerUrl: cluster?.server,
    caBundle: Buffer.from(cluster?.['certificate-authority-data'] ?? '', 'base64').toString('utf8'),
    credential: { kind: 'token', token },
  },
  'the console kubeconfig',
);
const env = getEnv();
const db = createPrismaClient(env.DATABASE_URL);
const deps = createDeps({ db, keys: env.CREDENTIAL_KEYS, activeKeyId: env.CREDENTIAL_ACTIVE_KEY_ID });
const outcome = await registerClusterAsSystem(deps, input, randomUUID());
console.log(`cluster local (${input.apiServerUrl}): ${outcome}`);
await db.$disconnect();
