import { z } from 'zod';
import { driftedObjectSchema } from '@/lib/core/drift/drift-contract';
import type { DeployedEnvironment, DeployedObject, DriftCheckRecord, DriftStore } from '@/lib/core/ports';
import type { Db } from './prisma-client';

// The last drift check per environment, and the baseline it compares with: each inventory object
// in the form the run that last applied it applied (its plan's desired object).

const storedObjects = z.array(driftedObjectSchema);

type CheckRow = { checkedAt: Date; status: string; revision: number; objects: unknown; error: string | null; fingerprint: string };

const toRecord = (environment: string, row: CheckRow): DriftCheckRecord => ({
  environment,
  checkedAt: row.checkedAt,
  status: row.status as DriftCheckRecord['status'],
  revision: row.revision,
  // Parsed, not cast: a row written by an older console reads as no objects rather than breaking the page.
  objects: storedObjects.safeParse(row.objects).data ?? [],
  error: row.error,
  fingerprint: row.fingerprint,
});

export class PrismaDriftStore implements DriftStore {
  constructor(private readonly db: Db) {}

  async findDeployedEnvironments(): Promise<DeployedEnvironment[]> {
    return this.lastSucceeded(null);
  }

  async findDeployedEnvironment(environment: string): Promise<DeployedEnvironment | null> {
    return (await this.lastSucceeded(environment))[0] ?? null;
  }

  private async lastSucceeded(environment: string | null): Promise<DeployedEnvironment[]> {
    const rows = await this.db.$queryRaw<Array<{ environment: string; cluster: string; revision: number }>>`
      SELECT DISTINCT ON (r."environment_id") e."name" AS "environment", p."cluster", p."revision_number" AS "revision"
      FROM "deploy_runs" r
      JOIN "plans" p ON p."id" = r."plan_id"
      JOIN "environments" e ON e."id" = r."environment_id"
      WHERE r."status" = 'succeeded' AND (${environment}::text IS NULL OR e."name" = ${environment}::text)
      ORDER BY r."environment_id", r."finished_at" DESC NULLS LAST, r."created_at" DESC`;
    return rows.sort((a, b) => a.environment.localeCompare(b.environment));
  }

  async findDeployedObjects(environment: string): Promise<DeployedObject[]> {
    const rows = await this.db.$queryRaw<Array<{ objectId: string; desired: Record<string, unknown> }>>`
      SELECT i."object_id" AS "objectId", po."desired"
      FROM "inventory" i
      JOIN "environments" e ON e."id" = i."environment_id"
      JOIN "deploy_runs" r ON r."id" = i."run_id"
      JOIN "plan_objects" po ON po."plan_id" = r."plan_id" AND po."object_id" = i."object_id"
      WHERE e."name" = ${environment} AND po."desired" IS NOT NULL
      ORDER BY i."object_id"`;
    return rows;
  }

  async saveDriftCheck(check: DriftCheckRecord): Promise<DriftCheckRecord | null> {
    const data = { checkedAt: check.checkedAt, status: check.status, revision: check.revision, objects: check.objects, error: check.error, fingerprint: check.fingerprint };
    return this.db.$transaction(async (tx) => {
      const environment = await tx.environment.findUnique({ where: { name: check.environment }, select: { id: true } });
      if (!environment) return null;
      const previous = await tx.driftCheck.findUnique({ where: { environmentId: environment.id } });
      await tx.driftCheck.upsert({ where: { environmentId: environment.id }, create: { environmentId: environment.id, ...data }, update: data });
      return previous && toRecord(check.environment, previous);
    });
  }

  async findDriftCheck(environment: string): Promise<DriftCheckRecord | null> {
    const row = await this.db.driftCheck.findFirst({ where: { environment: { name: environment } } });
    return row && toRecord(environment, row);
  }

  async countDriftedObjects(): Promise<Array<{ environment: string; objects: number }>> {
    const rows = await this.db.driftCheck.findMany({ where: { status: { not: 'failed' } }, select: { objects: true, environment: { select: { name: true } } } });
    return rows.map((row) => ({ environment: row.environment.name, objects: Array.isArray(row.objects) ? row.objects.length : 0 }));
  }
}
