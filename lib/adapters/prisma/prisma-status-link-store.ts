import { NotFound } from '@/lib/core/errors';
import type { AuditEntry } from '@/lib/core/ports';
import type { StatusLinkRecord, StatusLinkStore } from '@/lib/core/status/status-link';
import type { Db } from './prisma-client';
import { lastUseResolutionMs } from './prisma-api-token-store';
import { writeAuditEvent } from './write-audit-event';

const linkColumns = {
  id: true,
  label: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  environment: { select: { name: true } },
  creator: { select: { email: true } },
  revoker: { select: { email: true } },
} as const;

type LinkRow = {
  id: string;
  label: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  environment: { name: string };
  creator: { email: string };
  revoker: { email: string } | null;
};

const toRecord = ({ environment, creator, revoker, ...row }: LinkRow): StatusLinkRecord => ({
  ...row,
  environment: environment.name,
  createdBy: creator.email,
  revokedBy: revoker?.email ?? null,
});

export class PrismaStatusLinkStore implements StatusLinkStore {
  constructor(private readonly db: Db) {}

  async createLink(input: { environment: string; tokenHash: string; label: string; createdBy: string; expiresAt: Date | null }, audit: AuditEntry): Promise<StatusLinkRecord> {
    return this.db.$transaction(async (tx) => {
      const environment = await tx.environment.findUnique({ where: { name: input.environment }, select: { id: true } });
      if (!environment) throw new NotFound(`no environment named ${input.environment}`);
      const link = await tx.statusLink.create({
        data: { environmentId: environment.id, tokenHash: input.tokenHash, label: input.label, createdBy: input.createdBy, expiresAt: input.expiresAt },
        select: linkColumns,
      });
      await writeAuditEvent(tx, audit);
      return toRecord(link);
    });
  }

  async findLinks(environment: string): Promise<StatusLinkRecord[]> {
    const rows = await this.db.statusLink.findMany({ where: { environment: { name: environment } }, select: linkColumns, orderBy: { createdAt: 'desc' }, take: 200 });
    return rows.map(toRecord);
  }

  async revokeLink(input: { environment: string; id: string; revokedBy: string }, audit: AuditEntry): Promise<StatusLinkRecord> {
    return this.db.$transaction(async (tx) => {
      const existing = await tx.statusLink.findFirst({ where: { id: input.id, environment: { name: input.environment } }, select: linkColumns });
      if (!existing) throw new NotFound('no such status link');
      if (existing.revokedAt) return toRecord(existing); // revoking twice changes nothing and audits nothing
      const link = await tx.statusLink.update({ where: { id: existing.id }, data: { revokedAt: new Date(), revokedBy: input.revokedBy }, select: linkColumns });
      await writeAuditEvent(tx, audit);
      return toRecord(link);
    });
  }

  async acceptToken(environment: string, tokenHash: string, now: Date): Promise<boolean> {
    const link = await this.db.statusLink.findUnique({
      where: { tokenHash },
      select: { id: true, expiresAt: true, revokedAt: true, lastUsedAt: true, environment: { select: { name: true } } },
    });
    if (!link || link.environment.name !== environment || link.revokedAt || (link.expiresAt && link.expiresAt <= now)) return false;
    // As with API tokens: reads stay reads, the last use is written at most once a minute per link.
    const staleBefore = new Date(now.getTime() - lastUseResolutionMs);
    if (!link.lastUsedAt || link.lastUsedAt < staleBefore) {
      await this.db.statusLink.updateMany({ where: { id: link.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] }, data: { lastUsedAt: now } });
    }
    return true;
  }
}
