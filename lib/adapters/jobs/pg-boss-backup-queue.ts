import { PgBoss } from 'pg-boss';
import type { BackupJobs } from '@/lib/core/backups/backup-ports';
import { applicationBossOptions } from './pg-boss-job-queue';

// Backups of the console's database as pg-boss jobs: scheduled (pg-boss' cron, BACKUP_SCHEDULE) or
// asked for by an admin (a queued console_backups row whose id the job carries). The queue is made
// at install (install-job-queue.ts). A scheduled job carries no id: the worker records it as it starts.

export const backupQueue = 'console-backups';

type Logger = { warn(message: string, fields?: Record<string, unknown>): void };

export type BackupJobHandler = (backupId: string | null) => Promise<void>;

export class PgBossBackupQueue implements BackupJobs {
  private starting?: Promise<PgBoss>;

  constructor(
    private readonly connectionString: string,
    private readonly options: { role: 'producer' | 'worker'; logger?: Logger } = { role: 'producer' },
  ) {}

  private boss(): Promise<PgBoss> {
    this.starting ??= (async () => {
      const worker = this.options.role === 'worker';
      // Workers turn the cron schedule into jobs (each occurrence once, whichever worker sends it).
      const boss = new PgBoss(applicationBossOptions(this.connectionString, { supervise: worker, schedule: worker, max: 2, name: `personapass-backup-${this.options.role}` }));
      boss.on('error', (error: Error) => this.options.logger?.warn('backup job queue error', { error: error.message }));
      await boss.start();
      return boss;
    })();
    return this.starting;
  }

  async enqueueBackup(backupId: string): Promise<void> {
    const boss = await this.boss();
    await boss.send(backupQueue, { backupId }, { retryLimit: 0, expireInSeconds: 3 * 3600 });
    if (this.options.role === 'producer') await this.stop();
  }

  /** Scheduled backups on this cron expression (UTC), or none ('off'). */
  async setSchedule(cron: string): Promise<void> {
    const boss = await this.boss();
    if (cron === 'off') await boss.unschedule(backupQueue);
    else await boss.schedule(backupQueue, cron, { backupId: null }, { tz: 'UTC', retryLimit: 0, expireInSeconds: 3 * 3600 });
  }

  async work(handler: BackupJobHandler): Promise<void> {
    const boss = await this.boss();
    await boss.work<{ backupId: string | null }>(backupQueue, { localConcurrency: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
      if (job) await handler(job.data.backupId ?? null);
    });
  }

  async stop(): Promise<void> {
    if (!this.starting) return;
    const boss = await this.starting.catch(() => undefined);
    this.starting = undefined;
    await boss?.stop({ graceful: true, close: true, timeout: 30_000 });
  }
}
