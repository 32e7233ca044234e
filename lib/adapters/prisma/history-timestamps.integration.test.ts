import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// History records when it happened: a writer (the console's own role included) cannot backdate an
// audit event or a revision by sending created_at.

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
});
afterAll(() => db.end());

describe('history timestamps', () => {
  it('stamps audit events with the time of the insert, whatever created_at the writer sent', async () => {
    const { rows } = await db.query(
      `INSERT INTO audit_events (id, actor_label, action, target_type, target_name, request_id, summary, created_at)
       VALUES (gen_random_uuid(), 'system', 'test.backdated', 'user', 'nobody', 'r', 'backdated', '2001-01-01')
       RETURNING created_at, now() AS now`,
    );
    // created_at keeps milliseconds; now() has microseconds.
    expect(Math.abs(rows[0].created_at.getTime() - rows[0].now.getTime())).toBeLessThanOrEqual(1);
  });

  it('does the same for revisions', async () => {
    const suffix = Math.random().toString(36).slice(2, 10);
    const user = await db.query(`INSERT INTO users (id, subject, email, name, role) VALUES (gen_random_uuid(), $1, 'a@b.c', 'A', 'viewer') RETURNING id`, [`test:${suffix}`]);
    const environment = await db.query(`INSERT INTO environments (id, name) VALUES (gen_random_uuid(), $1) RETURNING id`, [`ts-${suffix}`]);
    const { rows } = await db.query(
      `INSERT INTO environment_revisions (id, environment_id, number, spec, spec_hash, change_note, author_id, created_at)
       VALUES (gen_random_uuid(), $1, 1, '{}', 'h', 'backdated', $2, '2001-01-01')
       RETURNING created_at, now() AS now`,
      [environment.rows[0].id, user.rows[0].id],
    );
    // created_at keeps milliseconds; now() has microseconds.
    expect(Math.abs(rows[0].created_at.getTime() - rows[0].now.getTime())).toBeLessThanOrEqual(1);
  });
});
