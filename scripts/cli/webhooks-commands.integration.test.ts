// The webhooks verbs against the real routes over HTTP: add prints the signing secret once, list
// shows the webhook without it, a private address is refused with the server's field message,
// a test is queued and logged, delete removes it.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { configureRouteEnv, type Handler } from '@/lib/test-support/route-harness';
import { serveRoutes } from '@/lib/test-support/route-server';
import { contextFor, createActor, ensureCluster, unique } from '@/lib/test-support/test-deps';
import * as webhooksRoute from '@/app/api/v1/environments/[name]/webhooks/route';
import * as webhookRoute from '@/app/api/v1/environments/[name]/webhooks/[id]/route';
import * as deliveriesRoute from '@/app/api/v1/environments/[name]/webhooks/[id]/deliveries/route';
import * as testRoute from '@/app/api/v1/environments/[name]/webhooks/[id]/test/route';

const run = promisify(execFile);
const routes: Array<[RegExp, Record<string, Handler>]> = [
  [/^\/api\/v1\/environments\/(?<name>[^/]+)\/webhooks$/, webhooksRoute],
  [/^\/api\/v1\/environments\/(?<name>[^/]+)\/webhooks\/(?<id>[^/]+)$/, webhookRoute],
  [/^\/api\/v1\/environments\/(?<name>[^/]+)\/webhooks\/(?<id>[^/]+)\/deliveries$/, deliveriesRoute],
  [/^\/api\/v1\/environments\/(?<name>[^/]+)\/webhooks\/(?<id>[^/]+)\/test$/, testRoute],
];

let served: Awaited<ReturnType<typeof serveRoutes>>;
let token: string;
const env = unique('cli-hooks');

beforeAll(async () => {
  configureRouteEnv();
  served = await serveRoutes(routes);
  const deps = getDeps();
  await ensureCluster(deps);
  const admin = await createActor(deps, 'admin');
  await createEnvironment(contextFor(deps, admin), { spec: starterSpec(env, 'development'), changeNote: 'cli webhooks' });
  token = (await createApiToken(contextFor(deps, admin), { name: 'cli webhooks', expiresInDays: 1, scope: 'read-write' })).secret;
});
afterAll(() => served.close());

const cli = (...args: string[]) =>
  run(path.resolve('node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', ...args], { env: { ...process.env, PERSONAPASS_URL: served.baseUrl, PERSONAPASS_TOKEN: token } }).then(
    (done) => ({ ...done, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }),
  );

describe('personapass webhooks', () => {
  it('adds a webhook (secret printed once), lists it without the secret, queues a test, shows its log and deletes it', async () => {
    const added = await cli('webhooks', 'add', env, '--name', 'ops', '--url', 'https://203.0.113.10/hook', '--format', 'slack', '--events', 'run.failed,drift.found');
    expect(added.code).toBe(0);
    const id = /webhook ([0-9a-f-]{36}) "ops" added \(slack, run.failed, drift.found\)/.exec(added.stdout)?.[1];
    const secret = /signing secret .*: (whsec_\S+)/.exec(added.stdout)?.[1];
    expect(id && secret).toBeTruthy();

    const listed = await cli('webhooks', 'list', env);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('run.failed,drift.found');
    expect(listed.stdout).not.toContain(secret);

    expect((await cli('webhooks', 'test', env, id!)).stdout).toMatch(/test delivery [0-9a-f-]{36} queued/);
    const log = await cli('webhooks', 'deliveries', env, id!);
    expect(log.stdout).toMatch(/webhook\.test\s+pending\s+0/);

    expect((await cli('webhooks', 'delete', env, id!)).stdout).toContain('deleted webhook ops');
    expect((await cli('webhooks', 'list', env)).stdout).not.toContain(id);
  }, 60_000);

  it('fails with the server’s reason for a private address', async () => {
    const refused = await cli('webhooks', 'add', env, '--name', 'inside', '--url', 'http://10.1.2.3/hook', '--format', 'generic');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/400 invalid_input: .*10\.0\.0\.0\/8[\s\S]*url: .*WEBHOOK_ALLOW_PRIVATE/);
  }, 30_000);
});
