import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { deployRunQueue, deployRunQueuePolicy, driftCheckQueue, driftCheckQueuePolicy, jobSchema, retiredDeployRunQueue, webhookDeliveryQueue } from './pg-boss-job-queue';
import { backupQueue } from './pg-boss-backup-queue';

// pg-boss creates and upgrades its own schema; that is DDL, so it runs here as the schema owner,
// beside the SQL migrations (npm run db:migrate, the test setup). The console's role then gets
// what pg-boss needs at run time in that schema and nothing more: table rows, sequences and its
// functions, never the right to create or alter anything.

export async function installJobQueue(ownerUrl: string, grantTo?: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, schema: jobSchema, migrate: true, supervise: false, schedule: false, max: 2 });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    if (!(await boss.getQueue(deployRunQueue))) await boss.createQueue(deployRunQueue, { policy: deployRunQueuePolicy });
    if (!(await boss.getQueue(webhookDeliveryQueue))) await boss.createQueue(webhookDeliveryQueue, { policy: 'standard' });
    if (!(await boss.getQueue(driftCheckQueue))) await boss.createQueue(driftCheckQueue, { policy: driftCheckQueuePolicy });
    if (!(await boss.getQueue(backupQueue))) await boss.createQueue(backupQueue, { policy: 'standard' });
    if (await boss.getQueue(retiredDeployRunQueue)) await boss.deleteQueue(retiredDeployRunQueue);
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
  if (!grantTo) return;
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const schema = pg.escapeIdentifier(jobSchema);
    const grantee = pg.escapeIdentifier(grantTo);
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${grantee}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${grantee}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${grantee}`);
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${grantee}`);
    // Partitions pg-boss adds later (a queue of its own) are usable at once.
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${grantee}`);
  } finally {
    await client.end();
  }
}
