// npm run worker: executes deploy runs, webhook deliveries, the drift schedule and console backups (pg-boss jobs in Postgres) beside the web server. Run as
// many as you like: each run is executed by exactly one of them, and a run whose worker dies is
// taken over by another (or by this one when it comes back).
import { PgBossBackupQueue } from '@/lib/adapters/jobs/pg-boss-backup-queue';
import { PgBossJobQueue } from '@/lib/adapters/jobs/pg-boss-job-queue';
import { startBackupWorker } from '@/lib/server/backups/start-backup-worker';
import { getDeps } from '@/lib/server/deps';
import { logger } from '@/lib/server/logger';
import { startDeployWorker } from '@/lib/server/runs/deploy-worker';
import { startWebhookWorker } from '@/lib/server/notifications/webhook-worker';
import { startDriftSchedule } from '@/lib/server/drift/start-drift-schedule';
import { getEnv } from '@/lib/env';
import { startTelemetry } from '@/lib/server/telemetry/start-telemetry';

const env = getEnv();
const deps = getDeps();
const jobs = new PgBossJobQueue(env.DATABASE_URL, { role: 'worker', logger });
await startTelemetry(deps, 'worker');
const worker = await startDeployWorker(deps, jobs, { concurrency: env.DEPLOY_WORKER_CONCURRENCY, worker: process.env.PERSONAPASS_WORKER_NAME || undefined });
// Webhook deliveries share the worker's queue connection; stopping it stops them too.
await startWebhookWorker(deps, jobs);
const drift = await startDriftSchedule(deps, jobs, env.DRIFT_CHECK_INTERVAL_MINUTES);
// Backups of the console's database, when BACKUP_* is configured (scheduled, and "Back up now").
const backupWorker = deps.backups ? await startBackupWorker(deps.backups, new PgBossBackupQueue(env.DATABASE_URL, { role: 'worker', logger }), deps.notifier) : null;

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info('deploy worker stopping', { worker: worker.worker, signal });
    // The runs it holds are handed back at their next object (recorded progress kept, the attempt not
    // counted) and queued again, so another worker resumes them at once. Give the process 45 s
    // (terminationGracePeriodSeconds) for an apply in flight to end; a kill before that only costs
    // an attempt: the lease lapses and another worker resumes the run.
    drift.stop();
    void Promise.all([worker.stop(), backupWorker?.stop()]).finally(() => process.exit(0));
  });
}
