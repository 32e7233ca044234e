import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FileBackupStore } from '@/lib/adapters/backups/file-backup-store';
import { PgDumper } from '@/lib/adapters/postgres/pg-dumper';
import { PrismaBackupLog } from '@/lib/adapters/prisma/prisma-backup-log';
import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { approvePlan } from '@/lib/server/approvals/approve-plan';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { getDeps } from '@/lib/server/deps';
import { endedRun, insertPlan } from '@/lib/test-support/plan-fixtures';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { createEmptyDatabase, createMigratedDatabase, dropScratchDatabase, scratchDatabase, tableHashes, type ScratchDatabase } from '@/lib/test-support/scratch-database';
import { contextFor, createActor, ensureCluster, unique } from '@/lib/test-support/test-deps';
import type { BackupDeps } from './backup-deps';
import { restoreBackup } from './restore-backup';
import { takeBackup } from './take-backup';

// The restore drill: back the console's database up, drop it, restore the file into an empty
// database of the same name, migrate, and find every row of every table (revisions, approvals,
// runs, audit events and the rest) as it was, and the API answering as before.

const keys = { keys: { drill1: randomBytes(32) }, activeKeyId: 'drill1' };
const routes = { environments: () => import('@/app/api/v1/environments/route'), audit: () => import('@/app/api/v1/audit-events/route'), runs: () => import('@/app/api/v1/environments/[name]/runs/route') };
const migrationsDir = path.resolve('prisma/migrations');
// The backup's own record is written after the dump (verified, with its size): the one row that
// differs, by design. Everything else must match.
const notCompared = ['console_backups'];

let database: ScratchDatabase;
let folder: string;
let backups: BackupDeps;
let admin: Awaited<ReturnType<typeof tokenFor>>;
let env: string;
let db: Db;

/** Every pool on the drill's database closes (the test's own and getDeps' process-wide one): the owner may then drop it. */
async function disconnect() {
  await db.$disconnect();
  await (globalThis as { personapassDb?: Db }).personapassDb?.$disconnect();
}

const restoreInput = (file: string, force = false) => ({ read: () => new FileBackupStore(path.dirname(file)).read(path.basename(file)), keys, ownerUrl: database.ownerUrl, grantTo: database.grantTo, force, migrationsDir });

async function apiAnswers() {
  const environments = await call((await routes.environments()).GET, { path: '/api/v1/environments?limit=200', token: admin.token });
  const audit = await call((await routes.audit()).GET, { path: '/api/v1/audit-events?limit=200', token: admin.token });
  const runs = await call((await routes.runs()).GET, { path: `/api/v1/environments/${env}/runs`, params: { name: env }, token: admin.token });
  return { environments: [environments.status, environments.body], audit: [audit.status, audit.body], runs: [runs.status, runs.body] };
}

beforeAll(async () => {
  const owner = new URL(inject('migrationDatabaseUrl'));
  const app = new URL(inject('databaseUrl'));
  database = scratchDatabase(owner.toString(), app.toString(), `personapass_drill_${Date.now()}_${process.pid}`);
  await createMigratedDatabase(database);
  configureRouteEnv();
  process.env.DATABASE_URL = database.appUrl;
  folder = await mkdtemp(path.join(tmpdir(), 'personapass-drill-'));
  const deps = getDeps();
  db = createPrismaClient(database.appUrl);
  backups = { store: new FileBackupStore(folder), log: new PrismaBackupLog(db), dumper: new PgDumper(database.ownerUrl), keys, retention: { recent: 96, daily: 30 }, jobs: { enqueueBackup: async () => undefined }, schedule: 'off' };
  await ensureCluster(deps);
  admin = await tokenFor('admin');
  const [actor, operator, approver] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator'), createActor(deps, 'approver')]);
  env = unique('drill-prod');
  await createEnvironment(contextFor(deps, actor), { spec: starterSpec(env, 'production'), changeNote: 'restore drill' });
  const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
  await approvePlan(contextFor(deps, approver), plan.id, { comment: 'drill approval' });
  await endedRun(deps, db, { environment: env, requestedBy: operator.userId, events: [{ type: 'object.applied', payload: { object: 'Deployment/x' } }] });
  await endedRun(deps, db, { environment: env, requestedBy: operator.userId, status: 'failed' });
}, 120_000);

afterAll(async () => {
  await disconnect();
  await dropScratchDatabase(database);
  await rm(folder, { recursive: true, force: true });
});

describe('restore drill', () => {
  it('restores a dropped database from its backup with every row as it was, and the API answers the same', async () => {
    const before = await apiAnswers();
    const record = await takeBackup(backups);
    expect(record).toMatchObject({ status: 'verified', trigger: 'schedule', keyId: 'drill1', error: null });
    expect(record!.sizeBytes).toBeGreaterThan(record!.dumpBytes!);
    const original = await tableHashes(database.ownerUrl, notCompared);
    for (const table of ['environment_revisions', 'approvals', 'deploy_runs', 'deploy_run_events', 'audit_events', 'users', 'api_tokens']) expect(original[table]!.rows).toBeGreaterThan(0);

    await disconnect();
    await dropScratchDatabase(database);
    await createEmptyDatabase(database);
    const file = path.join(folder, record!.fileName);
    const restored = await restoreBackup(restoreInput(file));
    expect(restored).toMatchObject({ replaced: false, migrationsApplied: [], header: { migration: record!.migration } });
    expect(await tableHashes(database.ownerUrl, notCompared)).toEqual(original);
    expect(await apiAnswers()).toEqual(before);
  });

  it('refuses a truncated, altered or wrong-key file, and a non-empty database without --force, before changing anything', async () => {
    const record = await takeBackup(backups);
    const file = path.join(folder, record!.fileName);
    const bytes = await readFile(file);
    const before = await tableHashes(database.ownerUrl);
    const bad = async (name: string, content: Buffer) => {
      const target = path.join(folder, name);
      await writeFile(target, content);
      return target;
    };
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 50]! ^= 0xff;
    await expect(restoreBackup(restoreInput(await bad('truncated.ppbackup', bytes.subarray(0, bytes.length - 1000)), true))).rejects.toThrow(/backup refused: the file is truncated/);
    await expect(restoreBackup(restoreInput(await bad('altered.ppbackup', flipped), true))).rejects.toThrow(/backup refused: chunk \d+ of \d+ does not authenticate: the file was altered/);
    await expect(restoreBackup({ ...restoreInput(file, true), keys: { keys: { drill1: randomBytes(32) } } })).rejects.toThrow(/does not verify with backup key "drill1"/);
    await expect(restoreBackup({ ...restoreInput(file, true), keys: { keys: { other: randomBytes(32) } } })).rejects.toThrow(/encrypted with backup key "drill1", which is not among this console's keys/);
    await expect(restoreBackup(restoreInput(file))).rejects.toThrow(/the database is not empty \(\d+ tables, at migration \d+_\w+\): restoring replaces all of it; stop the console and pass --force/);
    expect(await tableHashes(database.ownerUrl)).toEqual(before);
  });

  it('replaces a non-empty database with --force, in one transaction', async () => {
    const record = await takeBackup(backups);
    const snapshot = await tableHashes(database.ownerUrl, notCompared);
    const deps = getDeps();
    await createEnvironment(contextFor(deps, await createActor(deps, 'admin')), { spec: starterSpec(unique('after-backup'), 'development'), changeNote: 'made after the backup' });
    expect(await tableHashes(database.ownerUrl, notCompared)).not.toEqual(snapshot);
    await disconnect();
    const result = await restoreBackup(restoreInput(path.join(folder, record!.fileName), true));
    expect(result.replaced).toBe(true);
    expect(await tableHashes(database.ownerUrl, notCompared)).toEqual(snapshot);
  });
});
