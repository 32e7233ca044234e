import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from '@/lib/adapters/prisma/apply-migrations';
import { applicationRoleOf } from '@/lib/adapters/prisma/grant-application-role';
import { installJobQueue } from '@/lib/adapters/jobs/install-job-queue';
import { createPrismaClient } from '@/lib/adapters/prisma/prisma-client';
import { parseEnv } from '@/lib/env';
import { sealedClusterRecord } from '@/lib/server/clusters/sealed-cluster-record';
import { createDeps } from '@/lib/server/deps';
import { consoleEnv, e2eDatabaseName, e2eDatabaseUrl, repoDir } from './support/run-settings';

// Runs once per `playwright test`, after the web server has started: makes sure Postgres and the
// OIDC issuer are up, creates this run's fresh database and migrates it as the schema owner, then
// grants the console's role (the one the web server connects as) its privileges, as
// `npm run db:migrate` does. Databases of earlier runs are dropped once they are a day old, so a
// failed run can still be inspected.

const keepHours = 24;

export default async function globalSetup(): Promise<void> {
  execFileSync('bash', [path.join(repoDir, 'scripts/stack/stack.sh'), 'up', 'postgres', 'oidc'], { stdio: 'inherit' });
  const appUrl = e2eDatabaseUrl();
  const maintenance = execFileSync('bash', [path.join(repoDir, 'scripts/stack/components/postgres.sh'), 'url'], { encoding: 'utf8' }).trim();
  const ownerUrl = Object.assign(new URL(maintenance), { pathname: `/${e2eDatabaseName}` }).toString();
  const client = new pg.Client({ connectionString: maintenance });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'personapass\\_e2e\\_%'",
    );
    for (const { datname } of rows) {
      if (datname !== e2eDatabaseName && ageInHours(datname) > keepHours) {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
      }
    }
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(e2eDatabaseName)}`);
  } finally {
    await client.end();
  }
  const result = await applyMigrations(ownerUrl, path.join(repoDir, 'prisma/migrations'), { grantTo: applicationRoleOf(ownerUrl, appUrl) });
  await installJobQueue(ownerUrl, applicationRoleOf(ownerUrl, appUrl));
  console.log(`e2e: database ${e2eDatabaseName} created, ${result.applied.length} migrations applied`);
  await registerLocalCluster(appUrl);
}

/**
 * Environments may only name registered clusters: "local" is stored directly, standing for a
 * cluster of its own (nothing in the browser tests connects to it). The testbed itself is left
 * unregistered for clusters.spec.ts to register in the browser: a real cluster is registered once.
 */
async function registerLocalCluster(url: string): Promise<void> {
  const settings = parseEnv(consoleEnv());
  const db = createPrismaClient(url);
  try {
    const deps = createDeps({ db, keys: settings.CREDENTIAL_KEYS, activeKeyId: settings.CREDENTIAL_ACTIVE_KEY_ID });
    const input = {
      name: 'local',
      apiServerUrl: 'https://127.0.0.1:56443',
      caBundle: '-----BEGIN CERTIFICATE-----\nMIIBe2e\n-----END CERTIFICATE-----',
      credential: { kind: 'token' as const, token: 'e2e-placeholder-token' },
    };
    const audit = { actor: null, action: 'cluster.created', targetType: 'cluster' as const, targetName: 'local', requestId: randomUUID(), summary: 'e2e fixture' };
    await deps.clusters.createCluster(sealedClusterRecord(deps, input, { clusterUid: 'e2e-fixture:local', credentialExpiresAt: null }), audit);
  } finally {
    await db.$disconnect();
  }
}

// personapass_e2e_<yyyymmddhhmmss>_<pid>
function ageInHours(name: string): number {
  const stamp = /^personapass_e2e_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(name);
  if (!stamp) return 0;
  const [, y, mo, d, h, mi, s] = stamp.map(Number) as number[];
  return (Date.now() - Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)) / 3_600_000;
}
