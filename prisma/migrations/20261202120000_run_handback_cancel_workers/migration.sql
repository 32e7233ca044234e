-- Deploy runs: a worker that stops (SIGTERM) hands its run back to the queue without the attempt
-- counting (handbacks), a queued run can be cancelled before any worker starts it, and workers say
-- they are alive (deploy_workers), so a queued run can tell whether anyone will pick it up.

ALTER TABLE "deploy_runs" ADD COLUMN "handbacks" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "deploy_runs" DROP CONSTRAINT "deploy_runs_status_check";
ALTER TABLE "deploy_runs" ADD CONSTRAINT "deploy_runs_status_check" CHECK ("status" IN ('queued', 'running', 'succeeded', 'failed', 'interrupted', 'cancelled'));

-- One row per worker process name: when it started and when it was last seen (every half lease).
CREATE TABLE "deploy_workers" (
    "name" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stopped_at" TIMESTAMPTZ(3),
    CONSTRAINT "deploy_workers_pkey" PRIMARY KEY ("name")
);
CREATE INDEX "deploy_workers_seen_at_idx" ON "deploy_workers"("seen_at" DESC);
