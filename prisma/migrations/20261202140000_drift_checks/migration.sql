-- The last drift check of each deployed environment: one row, overwritten by each check.

CREATE TABLE "drift_checks" (
    "environment_id" UUID NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "objects" JSONB NOT NULL,
    "error" TEXT,
    "fingerprint" TEXT NOT NULL,
    CONSTRAINT "drift_checks_pkey" PRIMARY KEY ("environment_id"),
    CONSTRAINT "drift_checks_status_check" CHECK ("status" IN ('in-sync', 'drifted', 'failed'))
);

ALTER TABLE "drift_checks" ADD CONSTRAINT "drift_checks_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
