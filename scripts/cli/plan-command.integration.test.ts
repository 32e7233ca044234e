// `personapass plan` against the real route handlers and the testbed: the summary, the checks and
// the diffs of what would change, and exit code 2 when a check fails.
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
import { contextFor, createActor, unique } from '@/lib/test-support/test-deps';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { uniqueName } from '@/scripts/stack/test-support';
import * as plansRoute from '@/app/api/v1/environments/[name]/plans/route';
import * as planObjectsRoute from '@/app/api/v1/plans/[id]/objects/route';

const run = promisify(execFile);
const routes: Array<[RegExp, Record<string, Handler>]> = [
  [/^\/api\/v1\/environments\/(?<name>[^/]+)\/plans$/, plansRoute],
  [/^\/api\/v1\/plans\/(?<id>[^/]+)\/objects$/, planObjectsRoute],
];
const granted = uniqueName('cli');
const ungranted = unique('cli-refused');
let served: Awaited<ReturnType<typeof serveRoutes>>;
let grant: { revoke: () => Promise<void> };
let token: string;

beforeAll(async () => {
  configureRouteEnv();
  served = await serveRoutes(routes);
  const deps = getDeps();
  const cluster = unique('cli-testbed');
  await registerTestbedAs(deps, cluster);
  grant = await grantTestbedNamespaces(granted, `personapass-${granted}`);
  const operator = await createActor(deps, 'operator');
  token = (await createApiToken(contextFor(deps, operator), { name: 'cli plan', expiresInDays: 1, scope: 'read-write' })).secret;
  for (const name of [granted, ungranted]) await createEnvironment(contextFor(deps, operator), { spec: { ...starterSpec(name, 'development'), cluster }, changeNote: 'cli plan' });
}, 120_000);
afterAll(async () => {
  await served?.close();
  await grant?.revoke();
}, 120_000);

const cli = (...args: string[]) =>
  run(path.resolve('node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', ...args], { env: { ...process.env, PERSONAPASS_URL: served.baseUrl, PERSONAPASS_TOKEN: token } }).then(
    (result) => ({ ...result, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }),
  );

describe('personapass plan', () => {
  it('prints the summary by component, the checks and each change’s diff', async () => {
    const result = await cli('plan', granted);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^plan [0-9a-f-]{36} of ${granted} revision 1 on cli-testbed-[0-9a-f]{8} \\(personapass-${granted}\\)\\n\\d+ to create, 3 to update, 0 to delete, 0 unchanged\\n`));
    expect(result.stdout).toMatch(/^COMPONENT\s+CREATE\s+UPDATE\s+DELETE\s+UNCHANGED$/m);
    expect(result.stdout).toMatch(/^wallet-api\s+\d+\s+0\s+0\s+0$/m);
    expect(result.stdout).toContain('checks passed (schema, policy, promtool, amtool, deploy-targets, server-dry-run)');
    expect(result.stdout).toContain(`\ncreate Deployment/personapass-${granted}/wallet-api\n--- /dev/null\n+++ Deployment/personapass-${granted}/wallet-api\n`);
    expect(result.stdout).toMatch(/^\+\s+image: registry\.personapass\.io\/personapass\/wallet-api:2\.3\.0$/m);
  }, 60_000);

  it('plans only the components asked for', async () => {
    const result = await cli('plan', granted, '--components', 'redis');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^redis\s+\d+\s+0\s+0\s+0$/m);
    expect(result.stdout).toContain(`\ncreate Deployment/personapass-${granted}/redis\n`);
    expect(result.stdout).not.toMatch(/^(create|update) \S+\/wallet-api$/m);
    expect(result.stdout).not.toMatch(/^wallet-api\s/m);
  }, 60_000);

  it('exits 2 naming the problems when the cluster refuses the objects', async () => {
    const result = await cli('plan', ungranted);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/checks FAILED: \d+ problem\(s\); this plan cannot be approved or deployed/);
    expect(result.stdout).toMatch(/^ {2}Deployment\/personapass-cli-refused-[0-9a-f]{8}\/wallet-api \(object\): cluster .* does not let the console patch deployments\.apps .*\[server-dry-run\]$/m);
  }, 60_000);

  it('says who may not plan', async () => {
    const viewer = await createActor(getDeps(), 'viewer');
    const viewerToken = (await createApiToken(contextFor(getDeps(), viewer), { name: 'cli viewer', expiresInDays: 1, scope: 'read-write' })).secret;
    const result = await run(path.resolve('node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', 'plan', granted], { env: { ...process.env, PERSONAPASS_URL: served.baseUrl, PERSONAPASS_TOKEN: viewerToken } }).catch((error: { stderr: string; code: number }) => error);
    expect((result as { code: number }).code).toBe(1);
    expect((result as { stderr: string }).stderr).toContain('403 forbidden: planning changes needs the operator or admin role (you are viewer)');
  }, 60_000);
});
