import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from './apply-migrations';
import { applicationRoleOf } from './grant-application-role';

const migrationsDir = path.resolve('prisma/migrations');
const created: string[] = [];

async function freshDatabase(): Promise<string> {
  const server = new URL(inject('migrationDatabaseUrl'));
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
  const client = new pg.Client({ connectionString: inject('migrationDatabaseUrl') });
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

  it('grants the application role SELECT and INSERT on append-only tables, all DML elsewhere, nothing on the ledger: tables of later migrations too', async () => {
    const role = applicationRoleOf(inject('migrationDatabaseUrl'), inject('databaseUrl'))!;
    expect(role).toBe('personapass_app');
    const url = await freshDatabase();
    // A later migration by someone else: one ordinary table, one append-only table. Neither names the role.
    const dir = await mkdtemp(path.join(tmpdir(), 'personapass-migrations-'));
    await cp(migrationsDir, dir, { recursive: true });
    await mkdir(path.join(dir, '29990101000000_later'));
    await writeFile(
      path.join(dir, '29990101000000_later', 'migration.sql'),
      `CREATE TABLE "later_things" ("id" UUID PRIMARY KEY);
       CREATE TABLE "later_history" ("id" UUID PRIMARY KEY);
       CREATE TRIGGER "later_history_append_only" BEFORE UPDATE OR DELETE ON "later_history" FOR EACH ROW EXECUTE FUNCTION "refuse_history_rewrite"();`,
    );
    await applyMigrations(url, migrationsDir, { grantTo: role });
    await applyMigrations(url, dir, { grantTo: role });

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ table: string; privileges: string }>(
      `SELECT c.relname AS table,
              concat_ws(',', ${['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'].map((p) => `CASE WHEN has_table_privilege($1, c.oid, '${p}') THEN '${p}' END`).join(', ')}) AS privileges
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`,
      [role],
    );
    await client.end();
    const dml = 'SELECT,INSERT,UPDATE,DELETE';
    expect(Object.fromEntries(rows.map((row) => [row.table, row.privileges]))).toEqual({
      _prisma_migrations: '',
      api_tokens: dml,
      approvals: 'SELECT,INSERT',
      audit_events: 'SELECT,INSERT',
      cluster_provisioning: dml,
      console_backups: dml,
      clusters: dml,
      deploy_run_events: 'SELECT,INSERT',
      deploy_run_objects: dml,
      deploy_runs: dml,
      deploy_workers: dml,
      drift_checks: dml,
      deploy_targets: dml,
      environment_revisions: 'SELECT,INSERT',
      environments: dml,
      idempotency_keys: dml,
      inventory: dml,
      later_history: 'SELECT,INSERT',
      later_things: dml,
      plan_objects: 'SELECT,INSERT',
      plans: dml,
      status_links: dml,
      users: dml,
      webhook_deliveries: dml,
      webhooks: dml,
    });
  });
});
