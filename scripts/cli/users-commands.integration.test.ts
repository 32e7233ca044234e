// The users verbs print people's emails, which come from the identity provider's claim (many IdPs let
// people edit their own profile): terminal control sequences in them never reach the admin's terminal.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDeps } from '@/lib/server/deps';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { configureRouteEnv, type Handler } from '@/lib/test-support/route-harness';
import { serveRoutes } from '@/lib/test-support/route-server';
import { contextFor, createActor, unique } from '@/lib/test-support/test-deps';
import * as disableRoute from '@/app/api/v1/users/[id]/disable/route';
import * as enableRoute from '@/app/api/v1/users/[id]/enable/route';

const run = promisify(execFile);
const routes: Array<[RegExp, Record<string, Handler>]> = [
  [/^\/api\/v1\/users\/(?<id>[^/]+)\/disable$/, disableRoute],
  [/^\/api\/v1\/users\/(?<id>[^/]+)\/enable$/, enableRoute],
];

let served: Awaited<ReturnType<typeof serveRoutes>>;
let baseUrl: string;
let token: string;
let victimId: string;

beforeAll(async () => {
  configureRouteEnv();
  served = await serveRoutes(routes);
  baseUrl = served.baseUrl;

  const deps = getDeps();
  const admin = await createActor(deps, 'admin');
  token = (await createApiToken(contextFor(deps, admin), { name: 'cli users', expiresInDays: 1, scope: 'read-write' })).secret;
  // What signInWithIdentityProvider stores from the IdP's email claim (any string is accepted).
  const email = `${unique('mallory')}\u001b]0;owned\u0007\u001b[2K\u001b[1A@personapass.test`;
  victimId = (await deps.users.upsertFromSignIn({ subject: `test:${randomUUID()}`, email, name: 'Mallory', role: 'viewer' }, randomUUID())).id;
});
afterAll(() => served.close());

const cli = (...args: string[]) =>
  run(path.resolve('node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', ...args], { env: { ...process.env, PERSONAPASS_URL: baseUrl, PERSONAPASS_TOKEN: token } }).catch(
    (error: { stdout: string; stderr: string }) => ({ stdout: error.stdout, stderr: error.stderr }),
  );

describe('personapass users verbs and an email with escape sequences', () => {
  it('prints no terminal control sequences from the email claim', async () => {
    const disabled = await cli('users', 'disable', victimId, '--reason', 'test');
    const enabled = await cli('users', 'enable', victimId);
    expect(disabled.stdout).toContain('disabled ');
    expect(enabled.stdout).toContain('enabled ');
    for (const output of [disabled.stdout, enabled.stdout]) expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
