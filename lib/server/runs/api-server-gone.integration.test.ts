// The cluster's API server goes away in the middle of a run (a proxy in front of the testbed is
// cut: connections reset, then refused): the run fails cleanly naming the cluster, records what it
// had applied and the object it could not, never reports success, and the inventory learns what it
// may have left on the cluster (so a later plan can prune it).
// When the API server is back, a new plan's run converges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { defaultDeploySettings } from '@/lib/server/deps';
import { cuttableProxy } from '@/lib/test-support/cuttable-proxy';
import { insertPlan } from '@/lib/test-support/plan-fixtures';
import { contextFor, createActor, createTestDb, createTestDeps, ensureCluster, unique } from '@/lib/test-support/test-deps';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { grantTestbedNamespaces } from '@/lib/test-support/testbed-environment';
import { toPlain } from '@/manifests/kube-object';
import { renderPlatform } from '@/manifests/render-platform';
import { waitFor } from '@/scripts/stack/test-support';
import { deployPlan } from './deploy-plan';
import { executeDeployRun } from './execute-deploy-run';

const db = createTestDb();
const deps = { ...createTestDeps(db), deploy: { ...defaultDeploySettings, applyConcurrency: 1, rolloutTimeoutSeconds: 60, rolloutPollMs: 300 } };
const testbed = testbedCluster('testbed');
const upstream = new URL(testbed.apiServerUrl);
const cluster = unique('flaky');
let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
let grant: { revoke: () => Promise<void> };

beforeAll(async () => {
  proxy = await cuttableProxy({ host: upstream.hostname, port: Number(upstream.port) });
  // The testbed reached through the proxy: its certificate names 127.0.0.1, whatever the port.
  await ensureCluster(deps, cluster, { ...testbed, name: cluster, apiServerUrl: `https://127.0.0.1:${proxy.port}` });
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await grant?.revoke();
  await db.$disconnect();
}, 120_000);

describe('an API server that goes away mid-run', () => {
  it('fails the run cleanly, and a later run converges', async () => {
    const [admin, operator] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator')]);
    const name = unique('gone');
    const spec = { ...starterSpec(name, 'development'), cluster };
    grant = await grantTestbedNamespaces(name, spec.namespace);
    await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'api server gone' });
    const objects = renderPlatform(spec).map((object) => toPlain(object) as PlainObject).filter((object) => object.kind !== 'Namespace');
    const plan = await insertPlan(db, { environment: name, requestedBy: operator.userId, objects: objects.map((object) => ({ object, action: 'create' as const })) });
    const queued = await deployPlan(contextFor(deps, operator), plan.id);

    const running = executeDeployRun(deps, queued.id, 'test-worker');
    await waitFor('10 objects applied', async () => (await db.deployRunObject.count({ where: { runId: queued.id, status: 'applied' } })) >= 10, 60_000, 50);
    await proxy.cut();
    await running;

    const run = (await deps.runs.getRun(queued.id))!;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(new RegExp(`cluster ${cluster}`));
    expect(run.counts.applied).toBeGreaterThanOrEqual(10);
    expect(run.counts.failed).toBe(1);
    expect(run.counts.applied! + run.counts.failed! + (run.counts.pending ?? 0)).toBe(objects.length);
    const failed = run.objects.find((object) => object.status === 'failed')!;
    expect(failed.message).toContain(cluster);
    expect((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe('failed');
    // What it applied, and the object whose apply got no answer (it may have reached the cluster).
    expect(await db.inventoryItem.count({ where: { environment: { name } } })).toBe(run.counts.applied! + run.counts.failed!);
    const events = await deps.runs.findEvents(queued.id, null, 1000);
    expect(events.at(-1)?.type).toBe('run.failed');
    expect(events.some((event) => event.type === 'run.succeeded')).toBe(false);

    // The API server is back: a new plan (what exists now is compared as it lives) converges.
    await proxy.restore();
    const gateway = await deps.clusterGateways.forCluster(cluster);
    const replanned = await Promise.all(
      objects.map(async (object) => {
        if (object.kind === 'Secret') return { object, action: 'update' as const };
        const live = await gateway.get({ apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name });
        return live ? { object, action: 'update' as const, live } : { object, action: 'create' as const };
      }),
    );
    const second = await insertPlan(db, { environment: name, requestedBy: operator.userId, objects: replanned });
    const again = await deployPlan(contextFor(deps, operator), second.id);
    await executeDeployRun(deps, again.id, 'test-worker');
    const converged = (await deps.runs.getRun(again.id))!;
    expect({ status: converged.status, error: converged.error }).toEqual({ status: 'succeeded', error: null });
    expect(await db.inventoryItem.count({ where: { environment: { name } } })).toBe(objects.length);
  }, 300_000);
});
