import type { ReadinessProbe } from '@/lib/core/health/readiness';
import { deployRunQueue, jobSchema } from '../jobs/pg-boss-job-queue';
import type { Db } from './prisma-client';

/** Readiness over the console's own connection pool: no pg-boss instance is started for a probe
 *  (a web process's producer connects only while it sends). */
export class PostgresReadinessProbe implements ReadinessProbe {
  constructor(private readonly db: Db) {}

  async database(): Promise<void> {
    await this.db.$queryRaw`SELECT 1`;
  }

  async jobQueue(): Promise<'ok' | 'not installed'> {
    // to_regclass answers NULL (not an error) when the schema or table is missing: migration not run.
    const [found] = await this.db.$queryRawUnsafe<Array<{ table: string | null }>>(`SELECT to_regclass($1)::text AS "table"`, `${jobSchema}.queue`);
    if (!found?.table) return 'not installed';
    const rows = await this.db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "${jobSchema}"."queue" WHERE "name" = $1`, deployRunQueue);
    return rows.length === 1 ? 'ok' : 'not installed';
  }
}
