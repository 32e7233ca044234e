import type { AuditEntry } from '../ports';
import type { BackupFacts } from './backup-file';

// What backing up and restoring the console's own database needs from the outside world.

/**
 * Where backup files live: a folder today (FileBackupStore, BACKUP_DIR), S3-compatible storage
 * later. Names are plain file names made by the console ([A-Za-z0-9._-]).
 */
export interface BackupStore {
  /** Writes a file from a stream; it appears under `name` only once complete (never half a file). */
  write(name: string, content: AsyncIterable<Uint8Array>): Promise<{ bytes: number }>;
  /** The file's bytes; NotFound when there is no such file. */
  read(name: string): AsyncIterable<Uint8Array>;
  /** Removes a file; nothing happens when it is already gone. */
  delete(name: string): Promise<void>;
  /** Where files go, for messages (a folder path, a bucket URL): never a secret. */
  readonly location: string;
}

export type BackupStatus = 'queued' | 'running' | 'verified' | 'failed';
export type BackupTrigger = 'schedule' | 'manual';

export type BackupRecord = {
  id: string;
  fileName: string;
  trigger: BackupTrigger;
  requestedBy: string | null;
  status: BackupStatus;
  createdAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  sizeBytes: number | null;
  dumpBytes: number | null;
  keyId: string | null;
  migration: string | null;
  bodySha256: string | null;
  error: string | null;
};

export type BackupOutcome =
  | { status: 'verified'; durationMs: number; sizeBytes: number; dumpBytes: number; keyId: string; migration: string; bodySha256: string }
  | { status: 'failed'; durationMs: number; error: string };

/** The record of every backup taken (the console_backups table). */
export interface BackupLog {
  /** A backup about to be taken (queued for the job queue, or running at once), with the audit entry of whoever asked. */
  createBackup(input: { fileName: string; trigger: BackupTrigger; requestedBy: string | null; status: 'queued' | 'running' }, audit?: AuditEntry): Promise<BackupRecord>;
  /** Marks a queued backup running; null when it is not queued any more (another worker took it). */
  startBackup(id: string): Promise<BackupRecord | null>;
  finishBackup(id: string, outcome: BackupOutcome): Promise<BackupRecord>;
  /** Backups queued or running since before `before` (their worker died, their job expired) become failed, with `reason`. */
  failAbandonedBackups(before: Date, reason: string): Promise<number>;
  /** Newest first. */
  findBackups(query: { limit: number }): Promise<BackupRecord[]>;
  /** Every record, for retention. */
  findAllBackups(): Promise<BackupRecord[]>;
  deleteBackup(id: string): Promise<void>;
}

/** pg_dump and pg_restore for the console's database. */
export interface DatabaseDumper {
  /** The database's migration level and server version, and its dump (custom format) as a stream. */
  dump(): Promise<{ facts: Omit<BackupFacts, 'createdAt'>; content: AsyncIterable<Uint8Array> }>;
}

/** Where backup jobs go (pg-boss): the worker takes them one at a time. */
export interface BackupJobs {
  enqueueBackup(backupId: string): Promise<void>;
}
