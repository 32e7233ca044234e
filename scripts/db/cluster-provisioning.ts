// Records what bringing a cluster up is doing, for the console to show (the demo's background
// testbed start): `set NAME building|starting|failed DETAIL [SECONDS_LEFT]` or `clear NAME`.
import { createPrismaClient } from '@/lib/adapters/prisma/prisma-client';
import { getDatabaseUrl } from '@/lib/env';
import { createDeps } from '@/lib/server/deps';

const [command, name, state, detail, secondsLeft] = process.argv.slice(2);
const db = createPrismaClient(getDatabaseUrl());
// Nothing here is sealed; a throwaway key satisfies the secret box it never uses.
const deps = createDeps({ db, keys: { unused: Buffer.alloc(32) }, activeKeyId: 'unused' });
if (command === 'clear' && name) {
  await deps.clusters.setProvisioning(name, null);
} else if (command === 'set' && name && (state === 'building' || state === 'starting' || state === 'failed') && detail) {
  const readyBy = secondsLeft ? new Date(Date.now() + Number(secondsLeft) * 1000) : null;
  await deps.clusters.setProvisioning(name, { state, detail, readyBy });
} else {
  console.error('usage: cluster-provisioning.ts set NAME building|starting|failed DETAIL [SECONDS_LEFT] | clear NAME');
  process.exitCode = 2;
}
await db.$disconnect();
