// `personapass setup CLUSTER` as a user runs it (a child process, and `npm run setup`) against the
// real readiness route over HTTP and the registered testbed: it prints every check with what to do,
// exits 2 when one fails (here: an environment whose namespaces nobody granted yet, and no default
// StorageClass on the testbed), and --install --out writes the administrator's files with the
// environment's names filled in.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { readinessCheckSchema, readinessReportSchema } from '@/lib/core/setup/readiness-contract';
import { getDeps } from '@/lib/server/deps';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { configureRouteEnv } from '@/lib/test-support/route-harness';
import { serveRoutes } from '@/lib/test-support/route-server';
import { contextFor, createActor, unique } from '@/lib/test-support/test-deps';
import { registerTestbedAs } from '@/lib/test-support/testbed-environment';
import * as readinessRoute from '@/app/api/v1/clusters/[name]/readiness/route';

const run = promisify(execFile);
const cluster = unique('setup');
const environment = unique('setup-dev');
let served: Awaited<ReturnType<typeof serveRoutes>>;
let token: string;

beforeAll(async () => {
  configureRouteEnv();
  const deps = getDeps();
  await registerTestbedAs(deps, cluster);
  const admin = await createActor(deps, 'admin');
  await createEnvironment(contextFor(deps, admin), { spec: { ...starterSpec(environment, 'development'), cluster }, changeNote: 'setup command test' });
  const email = `${unique('operator')}@personapass.test`;
  const user = await deps.users.upsertFromSignIn({ subject: `test:${email}`, email, name: 'Operator', role: 'operator' }, randomUUID());
  const actor = { userId: user.id, email, name: user.name, role: user.role, via: 'session' as const, signedInAt: new Date() };
  token = (await createApiToken(contextFor(deps, actor), { name: 'setup test', expiresInDays: 1, scope: 'read' })).secret;
  served = await serveRoutes([[/^\/api\/v1\/clusters\/(?<name>[^/]+)\/readiness$/, readinessRoute]]);
}, 60_000);
afterAll(() => served.close());

type Outcome = { stdout: string; stderr: string; code: number };
async function command(file: string, args: string[]): Promise<Outcome> {
  const env = { ...process.env, PERSONAPASS_URL: served.baseUrl, PERSONAPASS_TOKEN: token };
  return run(file, args, { env }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }),
  );
}
const cli = (...args: string[]) => command(path.resolve('node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', ...args]);

describe('GET /api/v1/clusters/{name}/readiness', () => {
  it('answers the shared contract, never cached', async () => {
    const response = await fetch(`${served.baseUrl}/api/v1/clusters/${cluster}/readiness`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(readinessReportSchema.strict().safeParse(body).error).toBeUndefined();
    for (const check of body.checks) expect(readinessCheckSchema.strict().safeParse(check).error).toBeUndefined();
    expect(body.checks.map((check: { id: string }) => check.id)).toEqual(['kubernetes-version', 'nodes', 'custom-resources', 'console-rights', 'default-storage-class', 'pod-security']);
  }, 60_000);
});

describe('personapass setup', () => {
  it('prints each check with what to do and exits 2 when one fails', async () => {
    const { stdout, code } = await cli('setup', cluster);
    expect(code).toBe(2);
    expect(stdout).toContain(`cluster ${cluster}: FAIL`);
    expect(stdout).toMatch(/\[pass\] Kubernetes version: Kubernetes 1\.\d+/);
    expect(stdout).toMatch(/\[pass\] Nodes and zones: \d+ ready, schedulable nodes in \d+ zones/);
    expect(stdout).toMatch(/\[FAIL\] Pod Security of the platform namespaces: .*\n.*personapass-setup-dev-\w+ \(setup-dev-\w+\) does not exist/);
    expect(stdout).toMatch(/\[FAIL\] The console's rights: the console lacks \d+ rights/);
    expect(stdout).toContain('what to do: as the cluster\'s administrator, apply scripts/stack/manifests/console-rbac.yaml');
  }, 60_000);

  it('--install --out writes the administrator\'s files with the environment filled in, and says what it leaves to the owner', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'personapass-setup-'));
    const { stdout, code } = await cli('setup', cluster, '--install', '--out', out);
    expect(code).toBe(2);
    expect((await readdir(out)).sort()).toEqual(['console-admission.yaml', `console-environment-${environment}.yaml`, 'console-rbac.yaml']);
    const grant = await readFile(path.join(out, `console-environment-${environment}.yaml`), 'utf8');
    expect(grant).not.toContain('${');
    expect(grant).toContain(`name: personapass-${environment}-monitoring`);
    expect(stdout).toContain(`kubectl apply --server-side --force-conflicts -f ${out}/console-environment-${environment}.yaml`);
    expect(stdout).toContain("Left to the cluster's owner (the platform uses them and never installs them): Istio with its CNI plugin, KEDA, the Prometheus Operator");
  }, 60_000);

  it('is npm run setup too, and refuses an unknown cluster', async () => {
    const { stdout, code } = await command('npm', ['run', '-s', 'setup', '--', cluster]);
    expect(code).toBe(2);
    expect(stdout).toContain(`cluster ${cluster}: FAIL`);
    const missing = await cli('setup', 'nowhere');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('404 not_found: no cluster named nowhere');
  }, 60_000);
});
