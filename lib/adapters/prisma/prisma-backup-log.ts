import type { BackupLog, BackupOutcome, BackupRecord, BackupStatus, BackupTrigger } from '@/lib/core/backups/backup-ports';
import { NotFound } from '@/lib/core/errors';
import type { AuditEntry } from '@/lib/core/ports';
import { writeAuditEvent } from './write-audit-event';
import type { Db } from './prisma-client';

type Row = Awaited<ReturnType<Db['consoleBackup']['findFirstOrThrow']>>;

const toRecord = (row: Row): BackupRecord => ({
  id: row.id,
  fileName: row.fileName,
  trigger: row.trigger as BackupTrigger,
  requestedBy: row.requestedBy,
  status: row.status as BackupStatus,
  createdAt: row.createdAt,
  finishedAt: row.finishedAt,
  durationMs: row.durationMs,
  sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
  dumpBytes: row.dumpBytes === null ? null : Number(row.dumpBytes),
  keyId: row.keyId,
  migration: row.migration,
  bodySha256: row.bodySha256,
  error: row.error,
});

export class PrismaBackupLog implements BackupLog {
  constructor(private readonly db: Db) {}

  async createBackup(input: { fileName: string; trigger: BackupTrigger; requestedBy: string | null; status: 'queued' | 'running' }, audit?: AuditEntry): Promise<BackupRecord> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.consoleBackup.create({ data: input });
      if (audit) await writeAuditEvent(tx, audit);
      return toRecord(row);
    });
  }

  async startBackup(id: string): Promise<BackupRecord | null> {
    const { count } = await this.db.consoleBackup.updateMany({ where: { id, status: 'queued' }, data: { status: 'running' } });
    return count === 1 ? toRecord(await this.db.consoleBackup.findUniqueOrThrow({ where: { id } })) : null;
  }

  async finishBackup(id: string, outcome: BackupOutcome): Promise<BackupRecord> {
    const finished = { status: outcome.status, durationMs: outcome.durationMs, finishedAt: new Date() };
    const data =
      outcome.status === 'verified'
        ? { ...finished, sizeBytes: BigInt(outcome.sizeBytes), dumpBytes: BigInt(outcome.dumpBytes), keyId: outcome.keyId, migration: outcome.migration, bodySha256: outcome.bodySha256, error: null }
        : { ...finished, error: outcome.error.slice(0, 2000) };
    const { count } = await this.db.consoleBackup.updateMany({ where: { id }, data });
    if (count === 0) throw new NotFound(`no backup ${id}`);
    return toRecord(await this.db.consoleBackup.findUniqueOrThrow({ where: { id } }));
  }

  async failAbandonedBackups(before: Date, reason: string): Promise<number> {
    const { count } = await this.db.consoleBackup.updateMany({ where: { status: { in: ['queued', 'running'] }, createdAt: { lt: before } }, data: { status: 'failed', error: reason, finishedAt: new Date() } });
    return count;
  }

  async findBackups(query: { limit: number }): Promise<BackupRecord[]> {
    return (await this.db.consoleBackup.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: query.limit })).map(toRecord);
  }

  async findAllBackups(): Promise<BackupRecord[]> {
    return (await this.db.consoleBackup.findMany({ orderBy: { createdAt: 'desc' } })).map(toRecord);
  }

  async deleteBackup(id: string): Promise<void> {
    await this.db.consoleBackup.deleteMany({ where: { id } });
  }
}
