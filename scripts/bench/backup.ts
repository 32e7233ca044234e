// npm run bench:backup — the console database's backup and restore, timed (npm run stack:up
// postgres first): for the demo data (dev, staging and prod seeded) and for a database with 10,000
// environment revisions and 100,000 audit events (BENCH_REVISIONS, BENCH_AUDIT_EVENTS; made with
// SQL). For each: the backup (pg_dump, encrypt, write, re-read and verify), then the restore as an
// operator would run it after losing the database: drop it, create it empty, `personapass restore`
// (verify the whole file, restore in one transaction, migrate, grant, install the job queue). The
// RTO printed is that restore's duration, the part of an outage the console's data decides (add
// the time to notice and to start the console). The seed promises RTO < 1 hour and RPO < 15 min
// (the default BACKUP_SCHEDULE). Prints figures; asserts nothing.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createBenchDatabase } from './bench-database';

const revisions = Number(process.env.BENCH_REVISIONS ?? 10_000);
const auditEvents = Number(process.env.BENCH_AUDIT_EVENTS ?? 100_000);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function sql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Revisions appended to the seeded environments (their specs repeated) and audit events, in bulk. */
async function grow(ownerUrl: string): Promise<void> {
  await sql(
    ownerUrl,
    `WITH heads AS (
       SELECT e.id, e.head_revision, r.spec, r.spec_hash, r.author_id, row_number() OVER (ORDER BY e.name) - 1 AS slot, count(*) OVER () AS environments
         FROM environments e JOIN environment_revisions r ON r.environment_id = e.id AND r.number = e.head_revision)
     INSERT INTO environment_revisions (id, environment_id, number, spec, spec_hash, change_note, author_id)
     SELECT gen_random_uuid(), h.id, h.head_revision + n, h.spec, h.spec_hash, 'bench revision ' || n, h.author_id
       FROM heads h, generate_series(1, ceil(${revisions}::numeric / (SELECT count(*) FROM environments))::int) AS n`,
  );
  await sql(ownerUrl, 'UPDATE environments e SET head_revision = (SELECT max(number) FROM environment_revisions r WHERE r.environment_id = e.id)');
  await sql(
    ownerUrl,
    `INSERT INTO audit_events (id, actor_label, action, target_type, target_name, request_id, summary)
     SELECT gen_random_uuid(), 'bench@personapass.test', 'environment.updated', 'environment', 'env-' || (n % 50), gen_random_uuid()::text,
            'bench event ' || n || ': revision saved with a change note of ordinary length'
       FROM generate_series(1, ${auditEvents}) AS n`,
  );
}

async function scenario(label: string, withGrowth: boolean): Promise<void> {
  const database = await createBenchDatabase();
  const folder = await mkdtemp(path.join(tmpdir(), 'personapass-bench-backup-'));
  const { createPrismaClient } = await import('@/lib/adapters/prisma/prisma-client');
  const { createDeps } = await import('@/lib/server/deps');
  const { seedEnvironments } = await import('@/lib/server/seed-environments');
  const { FileBackupStore } = await import('@/lib/adapters/backups/file-backup-store');
  const { PgDumper } = await import('@/lib/adapters/postgres/pg-dumper');
  const { PrismaBackupLog } = await import('@/lib/adapters/prisma/prisma-backup-log');
  const { takeBackup } = await import('@/lib/server/backups/take-backup');
  const { restoreBackup } = await import('@/lib/server/backups/restore-backup');
  const { applicationRoleOf } = await import('@/lib/adapters/prisma/grant-application-role');
  const keys = { keys: { bench: randomBytes(32) }, activeKeyId: 'bench' };
  const db = createPrismaClient(database.appUrl);
  try {
    await seedEnvironments(createDeps({ db, keys: { seed: Buffer.alloc(32) }, activeKeyId: 'seed' }), 'bench');
    if (withGrowth) await grow(database.ownerUrl);
    const counts = await db.$queryRawUnsafe<Array<{ revisions: bigint; events: bigint }>>('SELECT (SELECT count(*) FROM environment_revisions) AS revisions, (SELECT count(*) FROM audit_events) AS events');
    const store = new FileBackupStore(folder);
    const backup = await takeBackup({ store, log: new PrismaBackupLog(db), dumper: new PgDumper(database.ownerUrl), keys, retention: { recent: 96, daily: 30 }, jobs: { enqueueBackup: async () => undefined }, schedule: 'off' });
    if (backup?.status !== 'verified') throw new Error(`the backup failed: ${backup?.error}`);
    await db.$disconnect();

    const started = performance.now();
    const admin = new pg.Client({ connectionString: Object.assign(new URL(database.ownerUrl), { pathname: '/postgres' }).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE ${pg.escapeIdentifier(database.name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database.name)}`);
    await admin.end();
    const recreated = performance.now();
    await restoreBackup({
      read: () => store.read(backup.fileName),
      keys,
      ownerUrl: database.ownerUrl,
      grantTo: applicationRoleOf(database.ownerUrl, database.appUrl),
      force: false,
      migrationsDir: path.resolve('prisma/migrations'),
    });
    const restored = performance.now();
    console.log(
      `${label}: ${counts[0]!.revisions} revisions, ${counts[0]!.events} audit events; dump ${mib(backup.dumpBytes!)}, file ${mib(backup.sizeBytes!)}\n` +
        `  backup (dump, encrypt, write, re-read and verify): ${seconds(backup.durationMs!)}\n` +
        `  restore (verify, restore in one transaction, migrate, grant, queue): ${seconds(restored - recreated)} (+ ${seconds(recreated - started)} to drop and create the database)\n` +
        `  measured RTO (database from file to ready): ${seconds(restored - started)} (goal < 1 hour: ${restored - started < 3600_000 ? 'met' : 'MISSED'})`,
    );
  } finally {
    await db.$disconnect();
    await rm(folder, { recursive: true, force: true });
    await database.drop();
  }
}

await scenario('demo data', false);
await scenario(`${revisions} revisions and ${auditEvents} audit events`, true);
