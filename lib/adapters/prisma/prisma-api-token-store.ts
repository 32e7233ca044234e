import { NotFound } from '@/lib/core/errors';
import type { ApiTokenRecord, ApiTokenStore, AuditEntry, UserRecord } from '@/lib/core/ports';
import type { Db } from './prisma-client';
import { writeAuditEvent } from './write-audit-event';

const tokenColumns = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
} as const;

export class PrismaApiTokenStore implements ApiTokenStore {
  constructor(private readonly db: Db) {}

  async createToken(
    input: { userId: string; name: string; prefix: string; tokenHash: string; expiresAt: Date },
    audit: AuditEntry,
  ): Promise<ApiTokenRecord> {
    return this.db.$transaction(async (tx) => {
      const token = await tx.apiToken.create({ data: input, select: tokenColumns });
      await writeAuditEvent(tx, audit);
      return token;
    });
  }

  async findTokens(userId: string): Promise<ApiTokenRecord[]> {
    return this.db.apiToken.findMany({ where: { userId }, select: tokenColumns, orderBy: { createdAt: 'desc' }, take: 200 });
  }

  async revokeToken(input: { userId: string; id: string }, audit: AuditEntry): Promise<ApiTokenRecord> {
    return this.db.$transaction(async (tx) => {
      const existing = await tx.apiToken.findFirst({ where: { id: input.id, userId: input.userId }, select: { ...tokenColumns } });
      if (!existing) throw new NotFound('no such API token');
      if (existing.revokedAt) return existing; // revoking twice changes nothing and audits nothing
      const token = await tx.apiToken.update({ where: { id: existing.id }, data: { revokedAt: new Date() }, select: tokenColumns });
      await writeAuditEvent(tx, audit);
      return token;
    });
  }

  async findOwnerByHash(tokenHash: string, now: Date): Promise<UserRecord | null> {
    const token = await this.db.apiToken.findUnique({
      where: { tokenHash },
      select: { id: true, expiresAt: true, revokedAt: true, user: { select: { id: true, subject: true, email: true, name: true, role: true, disabledAt: true } } },
    });
    if (!token || token.revokedAt || token.expiresAt <= now || token.user.disabledAt) return null;
    await this.db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
    const { disabledAt: _enabled, ...owner } = token.user;
    return owner;
  }
}
