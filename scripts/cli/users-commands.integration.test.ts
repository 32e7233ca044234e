// The users verbs print people's emails, which come from the identity provider's claim (many IdPs let
// people edit their own profile): terminal control sequences in them never reach the admin's terminal.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDeps } from '@/lib/server/deps';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { configureRouteEnv, type Handler } from '@/lib/test-support/route-harness';
import { contextFor, createActor, unique } from '@/lib/test-support/test-deps';
import * as disableRoute from '@/app/api/v1/users/[id]/disable/route';
import * as enableRoute from '@/app/api/v1/users/[id]/enable/route';

const run = promisify(execFile);
const routes: Array<[RegExp, Record<string, Handler>]> = [
  [/^\/api\/v1\/users\/(?<id>[^/]+)\/disable$/, disableRoute],
  [/^\/api\/v1\/users\/(?<id>[^/]+)\/enable$/, enableRoute],
];

let server: Server;
let baseUrl: string;
let token: string;
let victimId: string;

beforeAll(async () => {
  configureRouteEnv();
  server = createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url!, 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const route = routes.map(([pattern, module]) => ({ match: pattern.exec(url.pathname), module })).find(({ match }) => match);
    const handler = route?.module[incoming.method!];
    if (!route || !handler) return outgoing.writeHead(404).end();
    const params = Object.fromEntries(Object.entries(route.match!.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]));
    const request = new Request(new URL(url.pathname + url.search, 'http://127.0.0.1:3999'), {
      method: incoming.method,
      headers: incoming.headers as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const response = await handler(request, { params: Promise.resolve(params) });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const deps = getDeps();
  const admin = await createActor(deps, 'admin');
  token = (await createApiToken(contextFor(deps, admin), { name: 'cli users', expiresInDays: 1, scope: 'read-write' })).secret;
  // What signInWithIdentityProvider stores from the IdP's email claim (any string is accepted).
  const email = `${unique('mallory')}\u001b]0;owned\u0007\u001b[2K\u001b[1A@personapass.test`;
  victimId = (await deps.users.upsertFromSignIn({ subject: `test:${randomUUID()}`, email, name: 'Mallory', role: 'viewer' }, randomUUID())).id;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

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
