import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '@/lib/adapters/prisma/apply-migrations';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

// Every run gets a fresh, migrated database on the local Postgres, dropped afterwards.
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL ?? execFileSync('bash', ['scripts/stack/components/postgres.sh', 'url'], { encoding: 'utf8' }).trim();
  const name = `personapass_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString(), path.resolve('prisma/migrations'));
  project.provide('databaseUrl', url.toString());

  return async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  };
}
