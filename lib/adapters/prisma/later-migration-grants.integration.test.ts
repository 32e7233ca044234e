import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// A table a later migration creates by another migrator than npm run db:migrate (a pipeline running
// `prisma migrate deploy` as the owner) is usable by the console's role at once: the grant step
// sets default privileges for the owner's future tables.

let owner: pg.Client;
let app: pg.Client;
const table = `later_migration_${Date.now()}`;

beforeAll(async () => {
  owner = new pg.Client({ connectionString: inject('migrationDatabaseUrl') });
  app = new pg.Client({ connectionString: inject('databaseUrl') });
  await Promise.all([owner.connect(), app.connect()]);
});
afterAll(async () => {
  await owner.query(`DROP TABLE IF EXISTS "${table}"`).catch(() => undefined);
  await Promise.all([owner.end(), app.end()]);
});

describe('a table added by a later migration that the owner applies without npm run db:migrate', () => {
  it('is usable by the console role (SELECT, INSERT) as soon as it exists', async () => {
    // What `prisma migrate deploy` does with a new migration.sql: run it as the owner, nothing else.
    await owner.query(`CREATE TABLE "${table}" ("id" INTEGER PRIMARY KEY, "note" TEXT)`);
    const answer = await app.query(`INSERT INTO "${table}" VALUES (1, 'x') RETURNING id`).then(
      (result) => `inserted ${result.rowCount}`,
      (error: Error) => error.message,
    );
    expect(answer).toBe('inserted 1');
  });
});
