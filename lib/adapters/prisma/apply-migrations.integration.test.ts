import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from './apply-migrations';

const migrationsDir = path.resolve('prisma/migrations');
const created: string[] = [];

async function freshDatabase(): Promise<string> {
  const server = new URL(inject('databaseUrl'));
  const name = `personapass_migrate_${Date.now()}_${created.length}`;
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  created.push(name);
  server.pathname = `/${name}`;
  return server.toString();
}

afterAll(async () => {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  for (const name of created) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
});

describe('npm run db:migrate', () => {
  it('applies every migration once and is idempotent, recording them in Prisma\'s ledger', async () => {
    const url = await freshDatabase();
    const first = await applyMigrations(url, migrationsDir);
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await applyMigrations(url, migrationsDir);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT migration_name, finished_at, checksum FROM "_prisma_migrations"');
    await client.end();
    expect(rows.map((row) => row.migration_name)).toEqual(first.applied);
    expect(rows.every((row) => row.finished_at && /^[a-f0-9]{64}$/.test(row.checksum))).toBe(true);
  });

  it('is safe when two processes run it at once: one applies, the other finds it done', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([applyMigrations(url, migrationsDir), applyMigrations(url, migrationsDir)]);
    const appliedTotal = a.applied.length + b.applied.length;
    expect(appliedTotal).toBe(Math.max(a.applied.length, b.applied.length));
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, a.applied.length + b.applied.length]);
  });
});
