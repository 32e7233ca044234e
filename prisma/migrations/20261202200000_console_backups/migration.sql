-- The console's own database backups: one row per attempt (scheduled or asked for by an admin),
-- the encrypted file itself in the BackupStore (BACKUP_DIR). Rows of pruned backups are deleted.

CREATE TABLE "console_backups" (
    "id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "requested_by" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "size_bytes" BIGINT,
    "dump_bytes" BIGINT,
    "key_id" TEXT,
    "migration" TEXT,
    "body_sha256" TEXT,
    "error" TEXT,
    CONSTRAINT "console_backups_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "console_backups_status_check" CHECK ("status" IN ('queued', 'running', 'verified', 'failed')),
    CONSTRAINT "console_backups_trigger_check" CHECK ("trigger" IN ('schedule', 'manual')),
    CONSTRAINT "console_backups_file_name_check" CHECK ("file_name" ~ '^[A-Za-z0-9._-]{1,200}$')
);

CREATE UNIQUE INDEX "console_backups_file_name_key" ON "console_backups"("file_name");
CREATE INDEX "console_backups_created_at_idx" ON "console_backups"("created_at" DESC);
