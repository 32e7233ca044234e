import { NotFound } from '@/lib/core/errors';
import type { TokenScope } from '@/lib/core/auth/roles';
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
  scope: true,
} as const;

/** How stale a token's recorded last use may get: authenticating writes at most this often per token. */
export const lastUseResolutionMs = 60_000;

const toRecord = <T extends { scope: string }>(row: T) => ({ ...row, scope: row.scope as TokenScope });

export class PrismaApiTokenStore implements ApiTokenStore {
  constructor(private readonly db: Db) {}

  async createToken(
    input: { userId: string; name: string; prefix: string; tokenHash: string; expiresAt: Date; scope: TokenScope },
    audit: AuditEntry,
  ): Promise<ApiTokenRecord> {
    return this.db.$transaction(async (tx) => {
      const token = await tx.apiToken.create({ data: input, select: tokenColumns });
      await writeAuditEvent(tx, audit);
      return toRecord(token);
    });
  }

  async findTokens(userId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.db.apiToken.findMany({ where: { userId }, select: tokenColumns, orderBy: { createdAt: 'desc' }, take: 200 });
    return rows.map(toRecord);
  }

  async revokeAllTokens(userId: string, audit: AuditEntry): Promise<number> {
    return this.db.$transaction(async (tx) => {
      const revoked = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
      if (revoked.count > 0) await writeAuditEvent(tx, { ...audit, summary: `${audit.summary}: ${revoked.count} token(s)` });
      return revoked.count;
    });
  }

  async revokeToken(input: { userId: string; id: string }, audit: AuditEntry): Promise<ApiTokenRecord> {
    return this.db.$transaction(async (tx) => {
      const existing = await tx.apiToken.findFirst({ where: { id: input.id, userId: input.userId }, select: { ...tokenColumns } });
      if (!existing) throw new NotFound('no such API token');
      if (existing.revokedAt) return toRecord(existing); // revoking twice changes nothing and audits nothing
      const token = await tx.apiToken.update({ where: { id: existing.id }, data: { revokedAt: new Date() }, select: tokenColumns });
      await writeAuditEvent(tx, audit);
      return toRecord(token);
    });
  }

  async findOwnerByHash(tokenHash: string, now: Date): Promise<{ owner: UserRecord; scope: TokenScope; rolesConfirmedAt: Date | null } | null> {
    const token = await this.db.apiToken.findUnique({
      where: { tokenHash },
      select: {
        id: true,
        expiresAt: true,
        revokedAt: true,
        lastUsedAt: true,
        scope: true,
        user: { select: { id: true, subject: true, email: true, name: true, role: true, sessionVersion: true, disabledAt: true, rolesConfirmedAt: true } },
      },
    });
    if (!token || token.revokedAt || token.expiresAt <= now || token.user.disabledAt) return null;
    // Reads stay reads: the last use is written at most once a minute per token, and the condition
    // makes concurrent requests of the same minute write once between them.
    const staleBefore = new Date(now.getTime() - lastUseResolutionMs);
    if (!token.lastUsedAt || token.lastUsedAt < staleBefore) {
      await this.db.apiToken.updateMany({
        where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
        data: { lastUsedAt: now },
      });
    }
    const { disabledAt: _enabled, rolesConfirmedAt, ...owner } = token.user;
    return { owner, scope: token.scope as TokenScope, rolesConfirmedAt };
  }
}
