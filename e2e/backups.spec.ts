import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures/test';
import { consoleEnv, repoDir } from './support/run-settings';

// An admin backs the console up from the browser: "Back up now" queues the backup, a worker (as
// `npm run demo` runs one beside the console) dumps, encrypts, writes and re-reads it, and the list
// shows it verified with its size and duration. Other roles do not get the page.

let worker: ChildProcess;

test.beforeAll(() => {
  worker = spawn(path.join(repoDir, 'node_modules/.bin/node'), ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: repoDir,
    env: { ...process.env, ...consoleEnv(), PERSONAPASS_WORKER_NAME: 'e2e-backup-worker', BACKUP_SCHEDULE: 'off' },
    stdio: 'ignore',
  });
});
test.afterAll(async () => {
  worker?.kill('SIGTERM');
  const folder = consoleEnv().BACKUP_DIR;
  if (folder) await rm(folder, { recursive: true, force: true });
});

test('an admin runs a backup and sees it listed, verified, with its size and duration', async ({ pageAs }) => {
  const admin = await pageAs('admin');
  await admin.goto('/admin/backups');
  await expect(admin.getByRole('heading', { name: 'Backups', exact: true })).toBeVisible();
  const rows = admin.getByTestId('backup-row');
  const before = await rows.count();
  await admin.getByRole('button', { name: 'Back up now' }).click();
  await expect(rows).toHaveCount(before + 1);
  const newest = rows.first();
  await expect(newest).toContainText(/queued|running|verified/);
  await expect(newest.getByText('verified')).toBeVisible({ timeout: 60_000 });
  await expect(newest).toContainText(/\d+(\.\d)? (KiB|MiB)/);
  await expect(newest).toContainText(/\d+(\.\d)? m?s/);
  await expect(newest).toContainText('by ');

  const viewer = await pageAs('viewer');
  await viewer.goto('/admin/backups');
  await expect(viewer.getByText('backups of the console need the admin role')).toBeVisible();
});
