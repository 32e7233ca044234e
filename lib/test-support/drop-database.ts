import pg from 'pg';

/**
 * Drops a throwaway database as its owner. The owner may not end the console role's connections
 * (only a superuser may), so it waits, briefly, for the closed pools of the test or bench processes
 * to leave, then drops.
 */
export async function dropDatabaseWhenIdle(ownerServerUrl: string, name: string, waitMs = 15_000): Promise<void> {
  const client = new pg.Client({ connectionString: ownerServerUrl });
  await client.connect();
  try {
    for (const started = Date.now(); ; ) {
      try {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
        return;
      } catch (error) {
        if (Date.now() - started > waitMs) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await client.end();
  }
}
