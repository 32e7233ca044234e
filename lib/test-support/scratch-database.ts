import path from 'node:path';
import pg from 'pg';
import { installJobQueue } from '@/lib/adapters/jobs/install-job-queue';
import { applyMigrations } from '@/lib/adapters/prisma/apply-migrations';
import { applicationRoleOf } from '@/lib/adapters/prisma/grant-application-role';
import { dropDatabaseWhenIdle } from './drop-database';

// A database of its own beside the run's one (restore drills, benchmarks): made empty or migrated
// as `npm run db:migrate` does, dropped afterwards. Its URLs as owner and as the console's role.

export type ScratchDatabase = { name: string; ownerUrl: string; appUrl: string; grantTo?: string };

const inDatabase = (serverUrl: string, name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();

export function scratchDatabase(ownerServerUrl: string, appServerUrl: string, name: string): ScratchDatabase {
  return { name, ownerUrl: inDatabase(ownerServerUrl, name), appUrl: inDatabase(appServerUrl, name), grantTo: applicationRoleOf(ownerServerUrl, appServerUrl) };
}

export async function createEmptyDatabase(database: ScratchDatabase): Promise<void> {
  const admin = new pg.Client({ connectionString: inDatabase(database.ownerUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database.name)}`);
  } finally {
    await admin.end();
  }
}

export async function createMigratedDatabase(database: ScratchDatabase): Promise<void> {
  await createEmptyDatabase(database);
  await applyMigrations(database.ownerUrl, path.resolve('prisma/migrations'), { grantTo: database.grantTo });
  await installJobQueue(database.ownerUrl, database.grantTo);
}

export async function dropScratchDatabase(database: ScratchDatabase): Promise<void> {
  await dropDatabaseWhenIdle(inDatabase(database.ownerUrl, 'postgres'), database.name);
}

/** SHA-256 of each table's rows in key order (every column), for comparing two databases' contents. */
export async function tableHashes(url: string, except: string[] = []): Promise<Record<string, { rows: number; sha256: string }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).rows.map((row) => row.name).filter((name) => !except.includes(name));
    const hashes: Record<string, { rows: number; sha256: string }> = {};
    for (const table of tables) {
      const quoted = pg.escapeIdentifier(table);
      const { rows } = await client.query<{ rows: string; sha256: string | null }>(
        `SELECT count(*) AS rows, encode(sha256(convert_to(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''), 'UTF8')), 'hex') AS sha256 FROM public.${quoted} t`,
      );
      hashes[table] = { rows: Number(rows[0]!.rows), sha256: rows[0]!.sha256 ?? '' };
    }
    return hashes;
  } finally {
    await client.end();
  }
}
