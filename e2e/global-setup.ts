import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from '@/lib/adapters/prisma/apply-migrations';
import { applicationRoleOf } from '@/lib/adapters/prisma/grant-application-role';
import { e2eDatabaseName, e2eDatabaseUrl, repoDir } from './support/run-settings';

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
  console.log(`e2e: database ${e2eDatabaseName} created, ${result.applied.length} migrations applied`);
}

// personapass_e2e_<yyyymmddhhmmss>_<pid>
function ageInHours(name: string): number {
  const stamp = /^personapass_e2e_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(name);
  if (!stamp) return 0;
  const [, y, mo, d, h, mi, s] = stamp.map(Number) as number[];
  return (Date.now() - Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)) / 3_600_000;
}
