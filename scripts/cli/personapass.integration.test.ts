import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { configureRouteEnv, type Handler } from '@/lib/test-support/route-harness';
import { serveRoutes } from '@/lib/test-support/route-server';
import { contextFor, ensureCluster, unique } from '@/lib/test-support/test-deps';
import * as environmentRoute from '@/app/api/v1/environments/[name]/route';
import * as revisionsRoute from '@/app/api/v1/environments/[name]/revisions/route';
import * as environmentsRoute from '@/app/api/v1/environments/route';

// The CLI as a user runs it (a child process) against the real route handlers served over HTTP
// and the run's database. A user whose name and change note carry terminal escape sequences must
// not be able to drive the terminal of whoever reads the output.

const run = promisify(execFile);
const routes: Array<[RegExp, Record<string, Handler>]> = [
  [/^\/api\/v1\/environments$/, environmentsRoute],
  [/^\/api\/v1\/environments\/(?<name>[^/]+)$/, environmentRoute],
  [/^\/api\/v1\/environments\/(?<name>[^/]+)\/revisions$/, revisionsRoute],
];

let served: Awaited<ReturnType<typeof serveRoutes>>;
let baseUrl: string;
let token: string;

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  served = await serveRoutes(routes);
  baseUrl = served.baseUrl;

  const deps = getDeps();
  const email = `${unique('mallory')}@personapass.test`;
  const user = await deps.users.upsertFromSignIn(
    { subject: `test:${email}`, email, name: 'Mallory\u001b[2J\u001b]0;owned\u0007', role: 'operator' },
    randomUUID(),
  );
  const actor = { userId: user.id, email, name: user.name, role: user.role, via: 'session' as const, signedInAt: new Date() };
  token = (await createApiToken(contextFor(deps, actor), { name: 'cli test', expiresInDays: 1, scope: 'read-write' })).secret;
});
afterAll(() => served.close());

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(path.resolve('node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', ...args], {
    env: { ...process.env, PERSONAPASS_URL: baseUrl, PERSONAPASS_TOKEN: token },
  }).catch((error: { stdout: string; stderr: string }) => ({ stdout: error.stdout, stderr: error.stderr }));
}

const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('personapass CLI output', () => {
  it('prints change notes and author names without their terminal control sequences', async () => {
    const name = unique('cli');
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'personapass-cli-')), 'spec.json');
    await writeFile(file, JSON.stringify({ spec: starterSpec(name, 'development') }));
    const note = 'raise replicas\u001b]0;pwned\u0007 \u009b2J\u001b[1Adone';
    expect((await cli('env', 'apply', '-f', file, '--note', note)).stdout).toBe(`created ${name} at revision 1\n`);

    const history = await cli('env', 'history', name);
    expect(history.stdout).toContain('raise replicas done');
    const list = await cli('env', 'list');
    expect(list.stdout).toMatch(new RegExp(`${name} .* Mallory\\n`));

    // A stale apply is refused with the author and note of the newer revision in the message.
    await writeFile(file, JSON.stringify({ revision: 1, spec: starterSpec(name, 'development') }));
    await cli('env', 'apply', '-f', file, '--note', note);
    const stale = await cli('env', 'apply', '-f', file, '--note', 'late');
    expect(stale.stderr).toContain('409 conflict');
    expect(stale.stderr).toContain('Mallory saved "raise replicas done" first');

    for (const output of [history.stdout, list.stdout, stale.stderr]) {
      expect(output).not.toMatch(controls);
      expect(output).not.toMatch(/pwned|owned/);
    }
  });
});
