import type { AuditLog, AuditRecord, Page } from '@/lib/core/ports';
import type { Db } from './prisma-client';

export class PrismaAuditLog implements AuditLog {
  constructor(private readonly db: Db) {}

  async findEvents(query: { limit: number; cursor?: string; targetName?: string }): Promise<Page<AuditRecord>> {
    const rows = await this.db.auditEvent.findMany({
      where: query.targetName ? { targetName: query.targetName } : undefined,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    });
    const items = rows.slice(0, query.limit).map((row) => ({
      id: row.id,
      actorLabel: row.actorLabel,
      action: row.action,
      targetType: row.targetType as AuditRecord['targetType'],
      targetName: row.targetName,
      requestId: row.requestId,
      correlationId: row.correlationId,
      summary: row.summary,
      createdAt: row.createdAt,
    }));
    return { items, nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null };
  }
}
