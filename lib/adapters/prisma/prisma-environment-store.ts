import { Conflict } from '@/lib/core/errors';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { AuditEntry, EnvironmentStore, EnvironmentSummary, NewRevision, Page, RevisionRecord } from '@/lib/core/ports';
import type { Db } from './prisma-client';
import { isUniqueViolation, translatePrismaError } from './prisma-errors';
import { writeAuditEvent } from './write-audit-event';

const revisionInclude = {
  environment: { select: { name: true } },
  author: { select: { id: true, name: true, email: true } },
} as const;

type RevisionRow = {
  number: number;
  spec: unknown;
  specHash: string;
  changeNote: string;
  createdAt: Date;
  environment: { name: string };
  author: { id: string; name: string; email: string };
};

function toRecord(row: RevisionRow): RevisionRecord {
  return {
    environment: row.environment.name,
    number: row.number,
    spec: row.spec as EnvironmentSpec,
    specHash: row.specHash,
    changeNote: row.changeNote,
    author: row.author,
    createdAt: row.createdAt,
  };
}

export class PrismaEnvironmentStore implements EnvironmentStore {
  constructor(private readonly db: Db) {}

  async findEnvironments(query: { limit: number; cursor?: string }): Promise<Page<EnvironmentSummary>> {
    const environments = await this.db.environment.findMany({
      where: query.cursor ? { name: { gt: query.cursor } } : undefined,
      orderBy: { name: 'asc' },
      take: query.limit + 1,
      include: { revisions: { orderBy: { number: 'desc' }, take: 1, include: revisionInclude } },
    });
    const page = environments.slice(0, query.limit);
    const items = page.flatMap((environment) => {
      const head = environment.revisions[0];
      if (!head) return [];
      const spec = head.spec as EnvironmentSpec;
      return [
        {
          name: environment.name,
          tier: spec.tier,
          protected: spec.protection.protected,
          cluster: spec.cluster,
          namespace: spec.namespace,
          revision: head.number,
          updatedAt: head.createdAt,
          updatedBy: head.author.name,
        },
      ];
    });
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

  async findRevision(name: string, number: number): Promise<RevisionRecord | null> {
    const row = await this.db.environmentRevision.findFirst({
      where: { environment: { name }, number },
      include: revisionInclude,
    });
    return row ? toRecord(row) : null;
  }

  async findRevisions(name: string, query: { limit: number; before?: number }): Promise<Page<RevisionRecord>> {
    const rows = await this.db.environmentRevision.findMany({
      where: { environment: { name }, ...(query.before ? { number: { lt: query.before } } : {}) },
      orderBy: { number: 'desc' },
      take: query.limit + 1,
      include: revisionInclude,
    });
    const items = rows.slice(0, query.limit).map(toRecord);
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
        await writeAuditEvent(tx, audit);
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
      specHash: input.specHash,
      changeNote: input.changeNote,
      authorId: input.authorId,
    };
  }
}
