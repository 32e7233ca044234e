// `personapass approve | reject | deploy --wait | runs | rollback` as a user runs them (a child
// process) against the real route handlers over HTTP, a deploy worker and the testbed: deploy
// --wait prints the progress and exits 0 only when the rollout was verified healthy.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PgBossJobQueue } from '@/lib/adapters/jobs/pg-boss-job-queue';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { createPlan } from '@/lib/server/plans/create-plan';
import { startDeployWorker } from '@/lib/server/runs/deploy-worker';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { endedRun, insertPlan } from '@/lib/test-support/plan-fixtures';
import { configureRouteEnv, type Handler } from '@/lib/test-support/route-harness';
import { serveRoutes } from '@/lib/test-support/route-server';
import { contextFor, createActor, createTestDb, unique } from '@/lib/test-support/test-deps';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { toPlain } from '@/manifests/kube-object';
import { renderPlatform } from '@/manifests/render-platform';
import * as approvalsRoute from '@/app/api/v1/plans/[id]/approvals/route';
import * as rejectionsRoute from '@/app/api/v1/plans/[id]/rejections/route';
import * as deployRoute from '@/app/api/v1/plans/[id]/runs/route';
import * as eventsRoute from '@/app/api/v1/runs/[id]/events/route';
import * as runsRoute from '@/app/api/v1/environments/[name]/runs/route';
import * as rollbackRoute from '@/app/api/v1/environments/[name]/rollback/route';
import * as cancelRoute from '@/app/api/v1/runs/[id]/cancellations/route';
import * as scaleRoute from '@/app/api/v1/environments/[name]/scale/route';
import { PrismaDeployRunStore } from '@/lib/adapters/prisma/prisma-deploy-run-store';

const run = promisify(execFile);
const routes: Array<[RegExp, Record<string, Handler>]> = [
  [/^\/api\/v1\/plans\/(?<id>[^/]+)\/approvals$/, approvalsRoute],
  [/^\/api\/v1\/plans\/(?<id>[^/]+)\/rejections$/, rejectionsRoute],
  [/^\/api\/v1\/plans\/(?<id>[^/]+)\/runs$/, deployRoute],
  [/^\/api\/v1\/runs\/(?<id>[^/]+)\/events$/, eventsRoute],
  [/^\/api\/v1\/runs\/(?<id>[^/]+)\/cancellations$/, cancelRoute],
  [/^\/api\/v1\/environments\/(?<name>[^/]+)\/runs$/, runsRoute],
  [/^\/api\/v1\/environments\/(?<name>[^/]+)\/rollback$/, rollbackRoute],
  [/^\/api\/v1\/environments\/(?<name>[^/]+)\/scale$/, scaleRoute],
];
const db = createTestDb();
const cluster = unique('cli-runs');
const grants: Array<{ revoke: () => Promise<void> }> = [];
const tokens: Record<'operator' | 'approver', string> = { operator: '', approver: '' };
let operatorId = '';
let served: Awaited<ReturnType<typeof serveRoutes>>;
let worker: Awaited<ReturnType<typeof startDeployWorker>>;

const cli = (who: 'operator' | 'approver', ...args: string[]) =>
  run(path.resolve('node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', ...args], { env: { ...process.env, PERSONAPASS_URL: served.baseUrl, PERSONAPASS_TOKEN: tokens[who] } }).then(
    (result) => ({ ...result, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }),
  );

async function environment(tier: 'development' | 'staging') {
  const name = unique(`cli-${tier.slice(0, 3)}`);
  const spec = { ...starterSpec(name, tier), cluster };
  grants.push(await grantTestbedNamespaces(name, spec.namespace));
  await createEnvironment(contextFor(getDeps(), await createActor(getDeps(), 'admin')), { spec, changeNote: 'cli runs' });
  return spec;
}

beforeAll(async () => {
  configureRouteEnv();
  const deps = getDeps();
  await registerTestbedAs(deps, cluster);
  for (const role of ['operator', 'approver'] as const) {
    const actor = await createActor(deps, role);
    if (role === 'operator') operatorId = actor.userId;
    tokens[role] = (await createApiToken(contextFor(deps, actor), { name: `cli ${role}`, expiresInDays: 1, scope: 'read-write' })).secret;
  }
  served = await serveRoutes(routes);
  const quick = { ...deps, deploy: { ...deps.deploy, rolloutTimeoutSeconds: 20, rolloutPollMs: 300, leaseSeconds: 5 } };
  worker = await startDeployWorker(quick, new PgBossJobQueue(inject('databaseUrl'), { role: 'worker' }), { concurrency: 2, worker: 'cli-test-worker' });
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await served?.close();
  for (const grant of grants) await grant.revoke();
  await db.$disconnect();
}, 120_000);

describe('personapass deploy, approve, reject, runs, rollback', () => {
  it('deploy --wait shows waves and rollouts and exits 0 on a verified success; runs lists it; rollback makes a new plan', async () => {
    const spec = await environment('development');
    const plan = await createPlan(contextFor(getDeps(), { userId: operatorId, email: 'o@x', name: 'o', role: 'operator', via: 'token' }), spec.name);
    const deployed = await cli('operator', 'deploy', plan.id, '--wait');
    expect(deployed.stderr).toBe('');
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toMatch(/run [0-9a-f-]{36} queued: deploy of .* revision 1/);
    expect(deployed.stdout).toContain('wave workloads:');
    expect(deployed.stdout).toMatch(/rollout wallet-api: 1\/1 ready, 1 updated \(complete\)/);
    expect(deployed.stdout).toMatch(/succeeded: rollouts verified healthy\n$/);

    const runs = await cli('operator', 'runs', spec.name);
    expect(runs.stdout).toMatch(/^ID\s+KIND\s+STATUS\s+REVISION\s+REQUESTEDBY/);
    expect(runs.stdout).toMatch(/deploy\s+succeeded\s+1\s/);

    const rollback = await cli('operator', 'rollback', spec.name, '1');
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toMatch(/^plan [0-9a-f-]{36}: roll .* back to revision 1 \(0 changes\)\ndeploy it: personapass deploy /);
  }, 240_000);

  it('deploy --wait exits 1 naming the failing pods when the rollout cannot become healthy', async () => {
    const spec = await environment('development');
    const objects = renderPlatform(spec)
      .map((object) => toPlain(object) as PlainObject)
      .filter((object) => object.kind !== 'Namespace')
      .map((object) => {
        if (object.kind !== 'Deployment' || object.metadata.name !== 'identity-service') return object;
        const copy = structuredClone(object) as any;
        copy.spec.template.spec.nodeSelector = { 'example.com/no-such-node': 'true' };
        return copy as PlainObject;
      });
    const plan = await insertPlan(db, { environment: spec.name, requestedBy: operatorId, objects: objects.map((object) => ({ object, action: 'create' as const })) });
    const deployed = await cli('operator', 'deploy', plan.id, '--wait');
    expect(deployed.code).toBe(1);
    expect(deployed.stdout).toMatch(/failed: rollout not healthy before the timeout: identity-service .* pod identity-service-[a-z0-9-]+ Pending: 0\/\d+ nodes are available/);
  }, 240_000);

  it('cancel ends a queued run no worker has taken, and says why it cannot once it ended', async () => {
    const spec = await environment('development');
    const plan = await insertPlan(db, { environment: spec.name, requestedBy: operatorId });
    // Queued without a job (no worker takes it before the sweep, seconds later).
    const jobless = new PrismaDeployRunStore(db, { enqueueDeployRun: async () => undefined });
    const audit = { actor: null, action: 'run.requested', targetType: 'environment' as const, targetName: spec.name, requestId: crypto.randomUUID(), summary: 'cli cancel' };
    const queued = await jobless.createRun({ planId: plan.id, requestedBy: operatorId, kind: 'deploy' }, () => undefined, audit);
    const cancelled = await cli('operator', 'cancel', queued.id);
    expect(cancelled).toMatchObject({ code: 0, stderr: '' });
    expect(cancelled.stdout).toBe(`run ${queued.id} cancelled: deploy of ${spec.name} revision 1; plan again to deploy later\n`);
    const again = await cli('operator', 'cancel', queued.id);
    expect(again).toMatchObject({ code: 1, stderr: 'personapass: 409 conflict: the run is cancelled: only a queued run can be cancelled\n' });
    expect(await cli('operator', 'cancel')).toMatchObject({ code: 1, stderr: expect.stringContaining('cancel needs a run id') });
  }, 120_000);

  it('approve and reject as an approver; reject needs a comment; the requester is told why they cannot approve', async () => {
    const spec = await environment('staging');
    const plan = await insertPlan(db, { environment: spec.name, requestedBy: operatorId });
    const noComment = await cli('approver', 'reject', plan.id);
    expect(noComment).toMatchObject({ code: 1, stderr: 'personapass: reject needs --comment TEXT saying why\n' });
    const approved = await cli('approver', 'approve', plan.id, '--comment', 'fine');
    expect(approved.stdout).toMatch(new RegExp(`^approved plan ${plan.id} \\(hash [0-9a-f]{12}\\) as .*, valid until `));
    const own = await insertPlan(db, { environment: spec.name, requestedBy: operatorId });
    // The requester is told first that they requested it (the reason no role could change).
    const refused = await cli('operator', 'approve', own.id);
    expect(refused).toMatchObject({ code: 1, stderr: 'personapass: 403 forbidden: you requested this plan: someone else must approve it\n' });
    const rejected = await cli('approver', 'reject', own.id, '--comment', 'not now');
    expect(rejected.stdout).toMatch(/^rejected plan /);
  }, 120_000);

  it('scale sets replicas in dev and deploys them, sends bounds under KEDA to approval in staging, and refuses what breaks a rule with a non-zero exit', async () => {
    const dev = await environment('development');
    // A scale that deploys at once is refused before its environment ever ran (it would deploy everything).
    expect(await cli('operator', 'scale', dev.name, 'wallet-api', '--replicas', '2')).toMatchObject({ code: 1, stderr: expect.stringMatching(/^personapass: 409 conflict: revision 1 of .* holds changes not deployed yet to wallet-api \(never deployed\)/) });
    await endedRun(getDeps(), db, { environment: dev.name, requestedBy: operatorId });
    const scaled = await cli('operator', 'scale', dev.name, 'wallet-api', '--replicas', '2', '--reason', 'load test');
    expect(scaled).toMatchObject({ code: 0, stderr: '' });
    expect(scaled.stdout).toMatch(new RegExp(`^revision 2: scale wallet-api: replicas 1 → 2 \\(load test\\)\nrun [0-9a-f-]{36} queued to deploy it; follow it with: personapass runs ${dev.name}\n$`));
    // wallet-api has no autoscaler in development; the server says so and nothing is saved.
    const bounds = await cli('operator', 'scale', dev.name, 'wallet-api', '--min', '1', '--max', '2');
    expect(bounds).toMatchObject({ code: 1, stdout: '' });
    expect(bounds.stderr).toMatch(/^personapass: 400 invalid_input: the scale request is refused: minReplicas: wallet-api has no autoscaler in .*: set replicas instead/);
    expect(await cli('operator', 'scale', dev.name, 'wallet-api', '--replicas', 'two')).toMatchObject({ code: 1, stderr: 'personapass: --replicas needs a whole number, not "two"\n' });
    expect(await cli('operator', 'scale', dev.name, 'wallet-api', '--replicas', '2', '--min', '1')).toMatchObject({ code: 1, stderr: expect.stringContaining('not both') });
    expect(await cli('operator', 'scale', dev.name, 'wallet-api')).toMatchObject({ code: 1, stderr: expect.stringContaining('scale needs --replicas N, or --min A and/or --max B') });
    expect(await cli('approver', 'scale', dev.name, 'wallet-api', '--replicas', '3')).toMatchObject({ code: 1, stderr: expect.stringContaining('403 forbidden: scaling') });
    expect((await getDeps().environments.findHead(dev.name))!.number).toBe(2);

    const staging = await environment('staging');
    const refused = await cli('operator', 'scale', staging.name, 'wallet-api', '--min', '5', '--max', '4');
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/^personapass: 400 invalid_input: the scale request is refused: minReplicas: minReplicas \(5\) must not exceed maxReplicas \(4\)\n/);
    const zero = await cli('operator', 'scale', staging.name, 'wallet-api', '--scale-to-zero', 'on');
    expect(zero).toMatchObject({ code: 1, stderr: expect.stringContaining('nothing would wake wallet-api') });
    const waiting = await cli('operator', 'scale', staging.name, 'wallet-api', '--min', '3', '--max', '4');
    expect(waiting).toMatchObject({ code: 0, stderr: '' });
    expect(waiting.stdout).toMatch(/^revision 2: scale wallet-api: min 2 → 3, max 6 → 4\nplan ([0-9a-f-]{36}) needs 1 approval\(s\): personapass approve \1; then personapass deploy \1 --wait\n$/);
  }, 180_000);
});
