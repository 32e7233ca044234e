import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { configureRouteEnv, type Handler } from '@/lib/test-support/route-harness';
import { serveRoutes } from '@/lib/test-support/route-server';
import { contextFor, createActor, ensureCluster, unique } from '@/lib/test-support/test-deps';
import * as configurationBackupRoute from '@/app/api/v1/environments/[name]/configuration-backup/route';
import * as restoreRoute from '@/app/api/v1/environments/[name]/restore/route';

// `personapass export` and `personapass import` as a user runs them, against the real routes over
// HTTP: the folder is written, replaced by a later export, never written over a folder of other
// files; an import creates the environment under another name and namespace, and a folder whose
// files disagree is refused with what is wrong.

const run = promisify(execFile);
const routes: Array<[RegExp, Record<string, Handler>]> = [
  [/^\/api\/v1\/environments\/(?<name>[^/]+)\/configuration-backup$/, configurationBackupRoute],
  [/^\/api\/v1\/environments\/(?<name>[^/]+)\/restore$/, restoreRoute],
];

let served: Awaited<ReturnType<typeof serveRoutes>>;
let token: string;
let root: string;
const source = unique('cli-bk');

beforeAll(async () => {
  configureRouteEnv();
  const deps = getDeps();
  await ensureCluster(deps);
  served = await serveRoutes(routes);
  const operator = await createActor(deps, 'operator');
  token = (await createApiToken(contextFor(deps, operator), { name: 'cli backup test', expiresInDays: 1, scope: 'read-write' })).secret;
  await createEnvironment(contextFor(deps, operator), { spec: starterSpec(source, 'development'), changeNote: 'cli backup test' });
  root = await mkdtemp(path.join(tmpdir(), 'pp-cli-backup-'));
}, 60_000);
afterAll(async () => {
  served?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return run(path.resolve('node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', ...args], { env: { ...process.env, PERSONAPASS_URL: served.baseUrl, PERSONAPASS_TOKEN: token } })
    .then(({ stdout, stderr }) => ({ stdout, stderr, code: 0 }))
    .catch((error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }));
}

describe('personapass export and import', () => {
  it('exports a Git-ready folder, replaces it on the next export, and refuses a folder of other files', async () => {
    const out = path.join(root, 'backup');
    const first = await cli('export', source, '--out', out);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^exported ${source} revision 1 into .* \\(\\d+ files\\)`)) });
    expect(JSON.parse(await readFile(path.join(out, 'personapass-backup.json'), 'utf8'))).toMatchObject({ environment: source, headRevision: 1 });
    expect(existsSync(path.join(out, 'rendered/kustomization.yaml'))).toBe(true);
    expect(existsSync(path.join(out, 'velero/schedule.yaml'))).toBe(true);

    await writeFile(path.join(out, 'stale.yaml'), 'left from an earlier export');
    expect((await cli('export', source, '--out', out)).code).toBe(0);
    expect(existsSync(path.join(out, 'stale.yaml'))).toBe(false);

    const foreign = path.join(root, 'foreign');
    await mkdir(foreign);
    await writeFile(path.join(foreign, 'notes.txt'), 'mine');
    const refused = await cli('export', source, '--out', foreign);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty and holds no earlier backup');
    expect(await readFile(path.join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  }, 60_000);

  it('imports the folder as a new environment in another namespace set, and refuses a folder whose files disagree', async () => {
    const out = path.join(root, 'to-import');
    expect((await cli('export', source, '--out', out)).code).toBe(0);
    const name = unique('cli-rs');
    const created = await cli('import', out, '--as', name, '--namespace', `personapass-${name}`);
    expect(created).toMatchObject({ code: 0, stdout: `created ${name} at revision 1 from ${out}; plan it: personapass plan ${name}\n` });
    const head = await getDeps().environments.findHead(name);
    expect(head?.spec).toMatchObject({ name, namespace: `personapass-${name}`, tier: 'development' });
    expect(head?.changeNote).toContain(`restored from the configuration backup of ${source} revision 1`);

    const spec = JSON.parse(await readFile(path.join(out, 'spec.json'), 'utf8'));
    await writeFile(path.join(out, 'spec.json'), JSON.stringify({ ...spec, name: 'someone-else' }));
    const mixed = await cli('import', out, '--as', unique('cli-rs'));
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('the folder mixes two backups');

    const missing = await cli('import', root, '--as', unique('cli-rs'));
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('holds no personapass-backup.json') });
  }, 60_000);
});
