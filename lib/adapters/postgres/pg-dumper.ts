import type { DatabaseDumper } from '@/lib/core/backups/backup-ports';
import { childOutput, findTool, serverFacts, spawn, toolConnection } from './pg-tools';
import { jobSchema } from '@/lib/adapters/jobs/pg-boss-job-queue';

// A logical dump of the console's database in pg_dump's custom format (compressed, restorable
// selectively). The job queue's schema is left out: its jobs are transient, a restore reinstalls
// the queue, and the deploy runs themselves (in the console's tables) say what was in flight. The
// role needs SELECT on every table, the migration ledger included: the owner, or a role granted
// pg_read_all_data (BACKUP_DATABASE_URL).

export class PgDumper implements DatabaseDumper {
  constructor(private readonly databaseUrl: string) {}

  async dump() {
    const facts = await serverFacts(this.databaseUrl);
    if (!facts.migration) throw new Error('the database has no migration ledger: it was never migrated, or the backup role cannot read _prisma_migrations');
    const pgDump = await findTool('pg_dump', facts.major);
    const { dbname, env } = toolConnection(this.databaseUrl);
    const child = spawn(pgDump, ['--format=custom', '--no-password', `--exclude-schema=${jobSchema}`, '--dbname', dbname], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    return { facts: { migration: facts.migration, postgresVersion: facts.version }, content: childOutput(child, 'pg_dump') };
  }
}
