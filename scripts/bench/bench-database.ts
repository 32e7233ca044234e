// A fresh database on the stack's Postgres for one benchmark run, migrated by the owner and granted
// to the console's role, as `npm run db:migrate` does; dropped once the console's pool has gone.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

const stackUrl = (which: 'url' | 'app-url') => execFileSync('bash', ['scripts/stack/components/postgres.sh', which], { encoding: 'utf8' }).trim();

export async function createBenchDatabase(): Promise<{ name: string; ownerUrl: string; appUrl: string; appServer: string; drop: () => Promise<void> }> {
  const ownerServer = stackUrl('url');
  const appServer = stackUrl('app-url');
  const name = `personapass_bench_${Date.now()}_${process.pid}`;
  const inDatabase = (server: string) => Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  const admin = new pg.Client({ connectionString: ownerServer });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const { applyMigrations } = await import('@/lib/adapters/prisma/apply-migrations');
  const { applicationRoleOf } = await import('@/lib/adapters/prisma/grant-application-role');
  const { installJobQueue } = await import('@/lib/adapters/jobs/install-job-queue');
  const grantTo = applicationRoleOf(ownerServer, appServer);
  await applyMigrations(inDatabase(ownerServer), path.resolve('prisma/migrations'), { grantTo });
  // Deploy runs queue their jobs in pg-boss' schema (bench:apply deploys).
  await installJobQueue(inDatabase(ownerServer), grantTo);
  return {
    name,
    ownerUrl: inDatabase(ownerServer),
    appUrl: inDatabase(appServer),
    appServer,
    // The owner may not terminate the app role's connections: wait for the closed pools to leave.
    drop: async () => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
          break;
        } catch (error) {
          if (attempt >= 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      await admin.end();
    },
  };
}

// The settings lib/env.ts demands, pointing the console's getDeps() at the bench database (fresh
// secrets per run; the issuer is never called by a bench).
export function useBenchDatabaseAsConsole(database: { appUrl: string }): void {
  Object.assign(process.env, {
    DATABASE_URL: database.appUrl,
    NEXTAUTH_URL: 'http://127.0.0.1:3999',
    NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
    OIDC_ISSUER: 'http://127.0.0.1:55480',
    OIDC_CLIENT_ID: 'personapass-console',
    OIDC_CLIENT_SECRET: 'bench',
    CREDENTIAL_KEYS: `b1:${randomBytes(32).toString('base64')}`,
    CREDENTIAL_ACTIVE_KEY_ID: 'b1',
  });
}
