import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '@/lib/adapters/prisma/apply-migrations';
import { applicationRoleOf } from '@/lib/adapters/prisma/grant-application-role';
import { installJobQueue } from '@/lib/adapters/jobs/install-job-queue';
import { dropDatabaseWhenIdle } from './drop-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's database as the console's own role: what every test uses, as the app would. */
    databaseUrl: string;
    /** The same database as its owner, who migrates: for tests about migrations and the schema. */
    migrationDatabaseUrl: string;
  }
}

const stackUrl = (which: 'url' | 'app-url') => execFileSync('bash', ['scripts/stack/components/postgres.sh', which], { encoding: 'utf8' }).trim();

// Every run gets a fresh database on the local Postgres, migrated by the owner and granted to the
// application role as `npm run db:migrate` does, and dropped afterwards.
export default async function setup(project: TestProject) {
  const ownerServerUrl = stackUrl('url');
  const appServerUrl = stackUrl('app-url');
  const name = `personapass_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: ownerServerUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const inDatabase = (serverUrl: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const grantTo = applicationRoleOf(ownerServerUrl, appServerUrl);
  await applyMigrations(inDatabase(ownerServerUrl), path.resolve('prisma/migrations'), { grantTo });
  await installJobQueue(inDatabase(ownerServerUrl), grantTo);
  project.provide('databaseUrl', inDatabase(appServerUrl));
  project.provide('migrationDatabaseUrl', inDatabase(ownerServerUrl));

  return () => dropDatabaseWhenIdle(ownerServerUrl, name);
}
