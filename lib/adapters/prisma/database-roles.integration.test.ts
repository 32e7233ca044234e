import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import type { Db } from './prisma-client';

// The console connects as its own role (inject('databaseUrl'), as every integration test does);
// the schema belongs to the migration owner. History cannot be rewritten by the console at all,
// nor truncated by anyone. Every attempt runs in a transaction that is rolled back, so a
// privilege that is wrongly there destroys nothing.

let app: pg.Client;
let owner: pg.Client;
let db: Db;
let environmentName: string;

async function attempt(client: pg.Client, sql: string, params: unknown[] = []): Promise<string> {
  await client.query('BEGIN');
  try {
    await client.query(sql, params);
    return 'allowed';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.query('ROLLBACK');
  }
}

beforeAll(async () => {
  app = new pg.Client({ connectionString: inject('databaseUrl') });
  owner = new pg.Client({ connectionString: inject('migrationDatabaseUrl') });
  await Promise.all([app.connect(), owner.connect()]);
  db = createTestDb();
  const deps = createTestDeps(db);
  environmentName = unique('roles');
  const actor = await createActor(deps, 'operator');
  await deps.environments.createEnvironment(
    { spec: starterSpec(environmentName, 'development'), specHash: 'hash', changeNote: 'history', authorId: actor.userId },
    { actor, action: 'environment.created', targetType: 'environment', targetName: environmentName, requestId: randomUUID(), summary: 'history' },
  );
});
afterAll(() => Promise.all([app.end(), owner.end(), db.$disconnect()]));

const history = [
  { table: 'environment_revisions', trigger: 'environment_revisions_append_only' },
  { table: 'audit_events', trigger: 'audit_events_append_only' },
];

describe('database roles', () => {
  it('connects the console as its own role, which owns nothing and may create neither databases nor tables', async () => {
    const { rows } = await app.query<{ name: string; createdb: boolean; superuser: boolean; owned: number }>(
      `SELECT current_user AS name, r.rolcreatedb AS createdb, r.rolsuper AS superuser,
              (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    const ownerName = (await owner.query<{ name: string }>('SELECT current_user AS name')).rows[0]!.name;
    expect(rows[0]).toEqual({ name: 'personapass_app', createdb: false, superuser: false, owned: 0 });
    expect(ownerName).not.toBe(rows[0]!.name);
    expect(await attempt(app, 'CREATE TABLE public.intruder (id int)')).toMatch(/permission denied for schema public/);
    // CREATE DATABASE cannot run in a transaction; should it succeed, the database is dropped again.
    const intruder = pg.escapeIdentifier(unique('intruder'));
    const created = await app.query(`CREATE DATABASE ${intruder}`).then(() => owner.query(`DROP DATABASE ${intruder}`).then(() => 'allowed'), (error: Error) => error.message);
    expect(created).toBe('permission denied to create database');
  });

  it.each(history)('lets the console only read and append $table: UPDATE, DELETE, TRUNCATE, DROP TRIGGER and ALTER TABLE are refused', async ({ table, trigger }) => {
    const quoted = pg.escapeIdentifier(table);
    expect(await attempt(app, `UPDATE ${quoted} SET created_at = created_at`)).toBe(`permission denied for table ${table}`);
    expect(await attempt(app, `DELETE FROM ${quoted}`)).toBe(`permission denied for table ${table}`);
    expect(await attempt(app, `TRUNCATE ${quoted}`)).toBe(`permission denied for table ${table}`);
    expect(await attempt(app, `DROP TRIGGER ${pg.escapeIdentifier(trigger)} ON ${quoted}`)).toMatch(/must be owner of (table|relation)/);
    expect(await attempt(app, `ALTER TABLE ${quoted} DISABLE TRIGGER ALL`)).toMatch(/must be owner of (table|relation)/);
    expect((await app.query(`SELECT count(*)::int AS n FROM ${quoted}`)).rows[0].n).toBeGreaterThan(0);
  });

  it('lets the console insert revisions and audit events and read them back', async () => {
    const { rows } = await app.query<{ environment_id: string; author_id: string }>(
      'SELECT r.environment_id, r.author_id FROM environment_revisions r JOIN environments e ON e.id = r.environment_id WHERE e.name = $1',
      [environmentName],
    );
    const { environment_id: environmentId, author_id: authorId } = rows[0]!;
    const revisionId = randomUUID();
    const eventId = randomUUID();
    await app.query('BEGIN');
    await app.query(
      `INSERT INTO environment_revisions (id, environment_id, number, spec, spec_hash, change_note, author_id) VALUES ($1, $2, 2, '{}', 'hash', 'appended', $3)`,
      [revisionId, environmentId, authorId],
    );
    await app.query(
      `INSERT INTO audit_events (id, actor_id, actor_label, action, target_type, target_name, request_id, summary) VALUES ($1, $2, 'test', 'environment.updated', 'environment', $3, 'r', 'appended')`,
      [eventId, authorId, environmentName],
    );
    const read = await app.query('SELECT (SELECT change_note FROM environment_revisions WHERE id = $1) AS note, (SELECT summary FROM audit_events WHERE id = $2) AS summary', [revisionId, eventId]);
    await app.query('ROLLBACK');
    expect(read.rows[0]).toEqual({ note: 'appended', summary: 'appended' });
  });

  it('gives the console UPDATE and DELETE on the other tables, TRUNCATE on none, and nothing on the migration ledger', async () => {
    expect(await attempt(app, 'UPDATE environments SET name = name WHERE name = $1', [environmentName])).toBe('allowed');
    expect(await attempt(app, 'UPDATE users SET last_login_at = now()')).toBe('allowed');
    expect(await attempt(app, 'DELETE FROM api_tokens WHERE revoked_at IS NOT NULL')).toBe('allowed');
    for (const table of ['users', 'clusters', 'environments', 'api_tokens']) {
      expect(await attempt(app, `TRUNCATE ${table} CASCADE`)).toBe(`permission denied for table ${table}`);
    }
    expect(await attempt(app, 'SELECT * FROM _prisma_migrations')).toBe('permission denied for table _prisma_migrations');
  });

  it('refuses TRUNCATE of revisions and audit events to their owner too, also through CASCADE', async () => {
    expect(await attempt(owner, 'TRUNCATE environment_revisions')).toBe('environment_revisions is append-only');
    expect(await attempt(owner, 'TRUNCATE audit_events')).toBe('audit_events is append-only');
    expect(await attempt(owner, 'TRUNCATE users CASCADE')).toMatch(/^(environment_revisions|audit_events) is append-only$/);
    expect(await attempt(owner, 'UPDATE environment_revisions SET change_note = change_note')).toBe('environment_revisions is append-only');
  });
});
