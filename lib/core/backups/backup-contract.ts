import { z } from 'zod';
import type { BackupRecord } from './backup-ports';

// What the API and the admin page show of a backup (client-safe); the file's folder and the key stay on the server.
export const backupDtoSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  requestedBy: z.string().nullable(),
  status: z.enum(['queued', 'running', 'verified', 'failed']),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  sizeBytes: z.number().nullable(),
  dumpBytes: z.number().nullable(),
  keyId: z.string().nullable(),
  migration: z.string().nullable(),
  error: z.string().nullable(),
});
export type BackupDto = z.infer<typeof backupDtoSchema>;

export const backupListSchema = z.object({ items: z.array(backupDtoSchema), schedule: z.string() });
export type BackupList = z.infer<typeof backupListSchema>;

export function backupDto(record: BackupRecord): BackupDto {
  return {
    id: record.id,
    fileName: record.fileName,
    trigger: record.trigger,
    requestedBy: record.requestedBy,
    status: record.status,
    createdAt: record.createdAt.toISOString(),
    finishedAt: record.finishedAt?.toISOString() ?? null,
    durationMs: record.durationMs,
    sizeBytes: record.sizeBytes,
    dumpBytes: record.dumpBytes,
    keyId: record.keyId,
    migration: record.migration,
    error: record.error,
  };
}
