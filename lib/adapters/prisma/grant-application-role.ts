import pg from 'pg';

// The console connects as its own role, which owns nothing: it cannot drop or alter a table or a
// trigger, and it never has TRUNCATE. After every migration run the migration owner grants it
// exactly this, so tables added by later migrations are covered without naming the role in SQL:
// - tables guarded by the `refuse_history_rewrite` trigger (append-only history): SELECT, INSERT;
// - every other table of the schema: SELECT, INSERT, UPDATE, DELETE;
// - Prisma's migration ledger: nothing.

const ledger = '_prisma_migrations';

/** The role to grant: the application URL's user, or none when it is the migration owner itself. */
export function applicationRoleOf(ownerUrl: string, applicationUrl: string | undefined): string | undefined {
  if (!applicationUrl) return undefined;
  const owner = decodeURIComponent(new URL(ownerUrl).username);
  const application = decodeURIComponent(new URL(applicationUrl).username);
  return application && application !== owner ? application : undefined;
}

export async function grantApplicationRole(client: pg.Client, role: string): Promise<void> {
  const grantee = pg.escapeIdentifier(role);
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ name: string; append_only: boolean }>(
      `SELECT c.relname AS name,
              EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                       WHERE t.tgrelid = c.oid AND p.proname = 'refuse_history_rewrite') AS append_only
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        ORDER BY c.relname`,
    );
    await client.query(`GRANT USAGE ON SCHEMA public TO ${grantee}`);
    for (const { name, append_only: appendOnly } of rows) {
      const table = `public.${pg.escapeIdentifier(name)}`;
      await client.query(`REVOKE ALL ON ${table} FROM ${grantee}`);
      if (name === ledger) continue;
      await client.query(`GRANT ${appendOnly ? 'SELECT, INSERT' : 'SELECT, INSERT, UPDATE, DELETE'} ON ${table} TO ${grantee}`);
    }
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${grantee}`);
    // Tables a later migration adds by another migrator (prisma migrate deploy as the owner) are
    // usable at once; the next db:migrate narrows append-only ones (whose triggers refuse UPDATE
    // and DELETE meanwhile). TRUNCATE is never granted.
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${grantee}`);
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${grantee}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`granting the application role ${role} failed: ${(error as Error).message}`);
  }
}
