import { Conflict, NotFound } from '@/lib/core/errors';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { AuditEntry, DeployTargetRecord, EnvironmentStore, EnvironmentSummary, NewRevision, Page, RevisionRecord, RevisionSummary } from '@/lib/core/ports';
import { currentSpecVersion, readStoredSpec } from '@/lib/core/environments/stored-spec';
import { claimDeployTargets } from './claim-deploy-targets';
import { supersedeOpenPlans } from './plan-records';
import type { Db, Tx } from './prisma-client';
import { isUniqueViolation, translatePrismaError } from './prisma-errors';
import { writeAuditEvent } from './write-audit-event';

const revisionInclude = {
  environment: { select: { name: true } },
  author: { select: { id: true, name: true, email: true } },
} as const;

type RevisionRow = {
  number: number;
  spec: unknown;
  specVersion: number;
  specHash: string;
  changeNote: string;
  createdAt: Date;
  environment: { name: string };
  author: { id: string; name: string; email: string };
};

function toSummary(row: Omit<RevisionRow, 'spec' | 'specVersion'>): RevisionSummary {
  return {
    environment: row.environment.name,
    number: row.number,
    specHash: row.specHash,
    changeNote: row.changeNote,
    author: row.author,
    createdAt: row.createdAt,
  };
}

function toRecord(row: RevisionRow): RevisionRecord {
  const { spec, problems } = readStoredSpec(row.spec, row.specVersion);
  return { ...toSummary(row), spec, specProblems: problems };
}

const summaryColumns = { number: true, specHash: true, changeNote: true, createdAt: true, ...revisionInclude } as const;

/** The head's summary beside the name (what lists show) and the deploy targets it holds. */
async function recordHead(tx: Tx, environment: { id: string; name: string }, row: RevisionRow): Promise<void> {
  const spec = row.spec as EnvironmentSpec;
  await tx.environment.update({
    where: { id: environment.id },
    data: {
      tier: spec.tier,
      protected: spec.protection.protected,
      cluster: spec.cluster,
      namespace: spec.namespace,
      headRevision: row.number,
      updatedAt: row.createdAt,
      updatedBy: row.author.name,
    },
  });
  await claimDeployTargets(tx, environment, spec);
}

export class PrismaEnvironmentStore implements EnvironmentStore {
  constructor(private readonly db: Db) {}

  async findEnvironments(query: { limit: number; cursor?: string }): Promise<Page<EnvironmentSummary>> {
    const environments = await this.db.environment.findMany({
      where: { headRevision: { gt: 0 }, ...(query.cursor ? { name: { gt: query.cursor } } : {}) },
      orderBy: { name: 'asc' },
      take: query.limit + 1,
      select: { name: true, tier: true, protected: true, cluster: true, namespace: true, headRevision: true, updatedAt: true, updatedBy: true },
    });
    const page = environments.slice(0, query.limit);
    const items = page.map(({ headRevision, tier, ...environment }) => ({
      ...environment,
      tier: tier as EnvironmentSummary['tier'],
      revision: headRevision,
    }));
    const nextCursor = environments.length > query.limit ? (page.at(-1)?.name ?? null) : null;
    return { items, nextCursor };
  }

  async findHead(name: string): Promise<RevisionRecord | null> {
    const row = await this.db.environmentRevision.findFirst({
      where: { environment: { name } },
      orderBy: { number: 'desc' },
      include: revisionInclude,
    });
    return row ? toRecord(row) : null;
  }

  async findDeployTargets(environment: string): Promise<DeployTargetRecord[]> {
    return this.db.deployTarget.findMany({
      where: { environment: { name: environment } },
      select: { cluster: true, namespace: true, protected: true, claimedAt: true, leftAt: true },
      orderBy: [{ leftAt: { sort: 'asc', nulls: 'first' } }, { cluster: 'asc' }, { namespace: 'asc' }],
      take: 500,
    });
  }

  async releaseDeployTarget(target: { cluster: string; namespace: string }, audit: AuditEntry): Promise<DeployTargetRecord & { environment: string }> {
    return this.db.$transaction(async (tx) => {
      const [held] = await tx.$queryRaw<Array<{ left_at: Date | null; name: string | null }>>`
        SELECT t."left_at", e."name" FROM "deploy_targets" t LEFT JOIN "environments" e ON e."id" = t."environment_id"
         WHERE t."cluster" = ${target.cluster} AND t."namespace" = ${target.namespace} FOR UPDATE OF t`;
      const where = `namespace ${target.namespace} on cluster ${target.cluster}`;
      if (!held?.name) throw new NotFound(`no environment holds ${where}`);
      if (!held.left_at) throw new Conflict(`${where} is in use by environment ${held.name}; only a target it left behind can be released`);
      // A run of it still queued or running may have been planned into this namespace (the worker
      // refuses to write where the environment no longer holds, but a release should not race it).
      const [active] = await tx.$queryRaw<Array<{ id: string; status: string }>>`
        SELECT r."id"::text AS "id", r."status" FROM "deploy_runs" r JOIN "environments" e ON e."id" = r."environment_id"
         WHERE e."name" = ${held.name} AND r."status" IN ('queued', 'running') LIMIT 1`;
      if (active) throw new Conflict(`${held.name} has a ${active.status} deploy run ${active.id}; release ${where} once it has ended (or cancel it)`, { runId: active.id });
      const released = await tx.deployTarget.update({
        where: { cluster_namespace: target },
        data: { environmentId: null, leftAt: null },
        select: { cluster: true, namespace: true, protected: true, claimedAt: true, leftAt: true },
      });
      await writeAuditEvent(tx, { ...audit, targetName: held.name, summary: `${audit.summary}: ${where}, left behind by ${held.name} on ${held.left_at.toISOString()}` });
      return { ...released, environment: held.name };
    });
  }

  async findHeldNamespaces(cluster: string): Promise<string[]> {
    const rows = await this.db.deployTarget.findMany({
      where: { cluster, environmentId: { not: null } },
      select: { namespace: true },
      orderBy: { namespace: 'asc' },
      take: 3000,
    });
    return rows.map((row) => row.namespace);
  }

  async environmentExists(name: string): Promise<boolean> {
    return (await this.db.environment.count({ where: { name } })) > 0;
  }

  async findRevision(name: string, number: number): Promise<RevisionRecord | null> {
    const row = await this.db.environmentRevision.findFirst({
      where: { environment: { name }, number },
      include: revisionInclude,
    });
    return row ? toRecord(row) : null;
  }

  async findRevisions(name: string, query: { limit: number; before?: number }): Promise<Page<RevisionSummary>> {
    const rows = await this.db.environmentRevision.findMany({
      where: { environment: { name }, ...(query.before ? { number: { lt: query.before } } : {}) },
      orderBy: { number: 'desc' },
      take: query.limit + 1,
      select: summaryColumns,
    });
    const items = rows.slice(0, query.limit).map(toSummary);
    const nextCursor = rows.length > query.limit ? String(items.at(-1)?.number) : null;
    return { items, nextCursor };
  }

  async createEnvironment(input: NewRevision, audit: AuditEntry): Promise<RevisionRecord> {
    try {
      return await this.db.$transaction(async (tx) => {
        const environment = await tx.environment.create({ data: { name: input.spec.name } });
        const row = await tx.environmentRevision.create({
          data: { ...this.revisionData(input), environmentId: environment.id, number: 1 },
          include: revisionInclude,
        });
        await recordHead(tx, environment, row);
        await writeAuditEvent(tx, audit);
        return toRecord(row);
      });
    } catch (error) {
      translatePrismaError(error, `an environment named ${input.spec.name} already exists`);
    }
  }

  async appendRevision(input: NewRevision & { expectedRevision: number }, audit: AuditEntry): Promise<RevisionRecord> {
    try {
      return await this.db.$transaction(async (tx) => {
        const environment = await tx.environment.findUniqueOrThrow({ where: { name: input.spec.name } });
        // The unique (environment, number) index is the lock: of two writers on the same head,
        // exactly one inserts expected+1 and the other gets a unique violation.
        const row = await tx.environmentRevision.create({
          data: { ...this.revisionData(input), environmentId: environment.id, number: input.expectedRevision + 1 },
          include: revisionInclude,
        });
        const previous = await tx.environmentRevision.findFirst({
          where: { environmentId: environment.id, number: input.expectedRevision },
          select: { id: true },
        });
        if (!previous) throw new Conflict(`revision ${input.expectedRevision} of ${input.spec.name} does not exist`);
        await recordHead(tx, environment, row);
        await writeAuditEvent(tx, audit);
        // Open plans were made (and approved) against the previous head and its approval gate: the
        // new revision supersedes them, so their approvals no longer open a deploy.
        const superseded = await supersedeOpenPlans(tx, environment.id, `superseded by revision ${row.number}`);
        if (superseded.length > 0) {
          await writeAuditEvent(tx, { ...audit, action: 'plan.superseded', summary: `revision ${row.number} superseded the open plan${superseded.length === 1 ? '' : 's'} ${superseded.join(', ')}: their approvals no longer count` });
        }
        return toRecord(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new Conflict(`${input.spec.name} changed since revision ${input.expectedRevision}`);
      }
      translatePrismaError(error, 'conflicting write');
    }
  }

  private revisionData(input: NewRevision) {
    return {
      spec: input.spec as object,
      specVersion: currentSpecVersion,
      specHash: input.specHash,
      changeNote: input.changeNote,
      authorId: input.authorId,
    };
  }
}
