import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PgBossBackupQueue } from '@/lib/adapters/jobs/pg-boss-backup-queue';
import { startBackupWorker } from '@/lib/server/backups/start-backup-worker';
import { getDeps } from '@/lib/server/deps';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import * as backupsRoute from './backups/route';

// GET and POST /backups: admins only, every other role refused; "Back up now" goes through the job
// queue to a worker (here one in this process, as scripts/worker.ts starts it), which records the
// backup verified with its size and duration, and writes the file to BACKUP_DIR.

let folder: string;
let worker: { stop(): Promise<void> } | undefined;
const tokens: Record<string, Awaited<ReturnType<typeof tokenFor>>> = {};

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'personapass-backups-route-'));
  configureRouteEnv();
  Object.assign(process.env, {
    BACKUP_KEYS: `r1:${randomBytes(32).toString('base64')}`,
    BACKUP_ACTIVE_KEY_ID: 'r1',
    BACKUP_DIR: folder,
    // The dump reads every table, the migration ledger too: the owner, as BACKUP_DATABASE_URL documents.
    BACKUP_DATABASE_URL: inject('migrationDatabaseUrl'),
    BACKUP_SCHEDULE: 'off',
  });
  for (const role of ['viewer', 'operator', 'approver', 'admin'] as const) tokens[role] = await tokenFor(role);
});
afterAll(async () => {
  await worker?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('backups over the API', () => {
  it('are listed and taken by admins only', async () => {
    for (const role of ['viewer', 'operator', 'approver'] as const) {
      const list = await call(backupsRoute.GET, { path: '/api/v1/backups', token: tokens[role]!.token });
      expect([role, list.status, list.body.error?.code]).toEqual([role, 403, 'forbidden']);
      expect(list.body.error.message).toContain('backups of the console need the admin role');
      const take = await call(backupsRoute.POST, { method: 'POST', path: '/api/v1/backups', token: tokens[role]!.token });
      expect([role, take.status]).toEqual([role, 403]);
    }
    expect((await call(backupsRoute.GET, { path: '/api/v1/backups' })).status).toBe(401);
    const list = await call(backupsRoute.GET, { path: '/api/v1/backups', token: tokens.admin!.token });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ items: expect.any(Array), schedule: 'off' });
  });

  it('"Back up now" queues a backup that a worker takes, verifies and lists with its size and duration', async () => {
    const queued = await call(backupsRoute.POST, { method: 'POST', path: '/api/v1/backups', token: tokens.admin!.token });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'queued', trigger: 'manual', requestedBy: tokens.admin!.email, sizeBytes: null });
    worker = await startBackupWorker(getDeps().backups!, new PgBossBackupQueue(inject('databaseUrl'), { role: 'worker' }));
    let listed: any;
    for (let attempt = 0; attempt < 100; attempt++) {
      listed = (await call(backupsRoute.GET, { path: '/api/v1/backups', token: tokens.admin!.token })).body.items.find((item: { id: string }) => item.id === queued.body.id);
      if (listed.status !== 'queued' && listed.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(listed).toMatchObject({ status: 'verified', keyId: 'r1', error: null, migration: expect.stringMatching(/^\d{14}_/) });
    expect(listed.sizeBytes).toBeGreaterThan(listed.dumpBytes);
    expect(listed.durationMs).toBeGreaterThanOrEqual(0);
    expect(await readdir(folder)).toEqual([listed.fileName]);
    expect(JSON.stringify(listed)).not.toContain(folder);
    const audit = await call((await import('./audit-events/route')).GET, { path: `/api/v1/audit-events?target=${listed.fileName}`, token: tokens.admin!.token });
    expect(audit.body.items).toMatchObject([{ action: 'backup.requested', targetType: 'backup', actorLabel: expect.stringContaining(tokens.admin!.email) }]);
  });
});
