import { PgBoss } from 'pg-boss';
import type { JobQueue, SqlExecutor } from '@/lib/core/deploy/deploy-ports';
import type { WebhookDeliveryQueue } from '@/lib/core/notifications/webhook-ports';

// Durable jobs in Postgres through pg-boss, in its own schema. The migrate step installs the schema
// and the queue as the schema owner (install-job-queue.ts); the console and the worker connect as
// the application role and never change the schema (migrate: false).

export const jobSchema = 'pgboss';
/**
 * A 'short' queue: at most one waiting job per singletonKey (the run's id), so the stranded-run
 * sweep and a handed-back run never pile up duplicates, while a run whose job is active may still
 * be queued again. (It replaced 'deploy-run', a standard queue, whose policy pg-boss cannot change.)
 */
export const deployRunQueue = 'deploy-runs';
export const deployRunQueuePolicy = 'short';
/** The queue before it: dropped at install; runs it held are found by the stranded-run sweep. */
export const retiredDeployRunQueue = 'deploy-run';
/** One job per webhook delivery; pg-boss retries it with exponential backoff while the handler throws. */
export const webhookDeliveryQueue = 'webhook-deliveries';

/**
 * Drift checks of every deployed environment: one job per schedule slot however many workers send
 * it (pg-boss throttling, which its 'standard' policy supports: one job per key and time slot,
 * decided in the database). A cycle that outlasts its slot may meet the next one in another worker:
 * harmless, each check replaces the environment's last one.
 */
export const driftCheckQueue = 'drift-checks';
export const driftCheckQueuePolicy = 'standard';

/**
 * pg-boss as the console's role: it never changes the schema. Only workers look after expired jobs
 * (supervise) and turn cron schedules into jobs; a web process merely sends. Nothing that needs the
 * schema owner (index rebuilds, vacuum checks, stats partitions) runs here.
 */
export function applicationBossOptions(connectionString: string, options: { supervise: boolean; schedule: boolean; max: number; name: string }) {
  return {
    connectionString,
    schema: jobSchema,
    migrate: false,
    createSchema: false,
    supervise: options.supervise,
    schedule: options.schedule,
    reindex: false,
    monitorVacuum: false,
    persistQueueStats: false,
    max: options.max,
    application_name: options.name,
  };
}

type Logger = { warn(message: string, fields?: Record<string, unknown>): void };

export type DeployRunHandler = (runId: string) => Promise<void>;

/** How long stop() waits for running handlers; a worker's terminationGracePeriodSeconds must exceed it (45 s). */
export const stopGraceMs = 30_000;

// A web process sends a job now and then: its connections close when it has sent nothing for a while.
const producerIdleMs = 2000;

export class PgBossJobQueue implements JobQueue, WebhookDeliveryQueue {
  private starting?: Promise<PgBoss>;
  private sending = 0;
  private idleTimer?: NodeJS.Timeout;

  constructor(
    private readonly connectionString: string,
    private readonly options: { logger?: Logger; role: 'producer' | 'worker' } = { role: 'producer' },
  ) {}

  private boss(): Promise<PgBoss> {
    this.starting ??= (async () => {
      const worker = this.options.role === 'worker';
      const boss = new PgBoss(applicationBossOptions(this.connectionString, { supervise: worker, schedule: false, max: worker ? 4 : 2, name: `personapass-${this.options.role}` }));
      boss.on('error', (error: Error) => this.options.logger?.warn('job queue error', { error: error.message }));
      await boss.start();
      return boss;
    })();
    return this.starting;
  }

  async enqueueDeployRun(runId: string, db?: SqlExecutor): Promise<void> {
    // pg-boss' retries are a backstop: a run's own lease decides who executes it (the store's claim).
    // One waiting job per run: a second send while one waits is dropped by the queue (null id).
    await this.withBoss((boss) => boss.send(deployRunQueue, { runId }, { singletonKey: runId, retryLimit: 2, retryDelay: 5, expireInSeconds: 3600, ...(db ? { db } : {}) }));
  }

  async enqueueWebhookDelivery(deliveryId: string, retry: { retries: number; delaySeconds: number; maxDelaySeconds: number }): Promise<void> {
    await this.withBoss((boss) =>
      boss.send(webhookDeliveryQueue, { deliveryId }, { retryLimit: retry.retries, retryDelay: retry.delaySeconds, retryBackoff: true, retryDelayMax: retry.maxDelaySeconds, expireInSeconds: 120 }),
    );
  }

  private async withBoss(send: (boss: PgBoss) => Promise<unknown>): Promise<void> {
    this.sending++;
    clearTimeout(this.idleTimer);
    try {
      await send(await this.boss());
    } finally {
      this.sending--;
      if (this.options.role === 'producer' && this.sending === 0) {
        this.idleTimer = setTimeout(() => void (this.sending === 0 && this.stop()), producerIdleMs);
      }
    }
  }

  /** Sends the drift cycle's job unless one was sent in this slot of `slotSeconds` (by any process). */
  async sendDriftCycle(slotSeconds: number): Promise<void> {
    const boss = await this.boss();
    await boss.sendThrottled(driftCheckQueue, {}, { retryLimit: 0, expireInSeconds: Math.max(slotSeconds, 60) }, slotSeconds, 'cycle');
  }

  /** Runs drift cycle jobs in this process, one at a time. */
  async workDriftCycles(handler: () => Promise<void>): Promise<void> {
    const boss = await this.boss();
    await boss.work(driftCheckQueue, { localConcurrency: 1, pollingIntervalSeconds: 5 }, async () => {
      await handler();
    });
  }

  /** Executes deploy-run jobs, `concurrency` at a time in this process. */
  async work(handler: DeployRunHandler, concurrency: number): Promise<void> {
    const boss = await this.boss();
    await boss.work<{ runId: string }>(deployRunQueue, { localConcurrency: concurrency, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) await handler(job.data.runId);
    });
  }

  /** Executes webhook-delivery jobs; a handler that throws has its job retried with backoff. */
  async workWebhookDeliveries(handler: (deliveryId: string) => Promise<void>, concurrency: number): Promise<void> {
    const boss = await this.boss();
    await boss.work<{ deliveryId: string }>(webhookDeliveryQueue, { localConcurrency: concurrency, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) await handler(job.data.deliveryId);
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    if (!this.starting) return;
    const boss = await this.starting.catch(() => undefined);
    this.starting = undefined;
    // Handlers get time to hand their runs back (an apply in flight ends within its 15 s deadline).
    await boss?.stop({ graceful: true, close: true, timeout: stopGraceMs });
  }
}
