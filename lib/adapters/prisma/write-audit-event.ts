import type { AuditEntry } from '@/lib/core/ports';
import type { Tx } from './prisma-client';

export async function writeAuditEvent(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: entry.actor?.userId ?? null,
      actorLabel: entry.actor ? `${entry.actor.email} (${entry.actor.via})` : 'system',
      action: entry.action,
      targetType: entry.targetType,
      targetName: entry.targetName,
      requestId: entry.requestId,
      correlationId: entry.correlationId ?? null,
      summary: entry.summary,
    },
  });
}
