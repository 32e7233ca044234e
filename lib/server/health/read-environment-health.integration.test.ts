// An environment's health on the real testbed, read from the shared watch caches: a deployed dev
// environment's components are judged with their pods listed (node, zone), a cluster that refuses
// connections gives Unknown "unreachable since", one that refuses the console a namespace gives
// Unknown "may not read", and a Prometheus that is down leaves the answer
// whole, saying alerts are unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeWatchCaches } from '@/lib/adapters/kubernetes/kube-watch-caches';
import type { Actor } from '@/lib/core/auth/roles';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { clusterConnections } from '@/lib/server/live/cluster-connections';
import { createLiveStreams } from '@/lib/server/live/live-streams';
import { createPlan } from '@/lib/server/plans/create-plan';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { carryOutPlan, grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { waitFor } from '@/scripts/stack/test-support';
import { getEnvironmentHealth, readComponentEvents, readEnvironmentHealth } from './read-environment-health';

const db = createTestDb();
const base = createTestDeps(db);
const cluster = unique('health');
const stored = clusterConnections(base.clusters, base.secrets);
// The testbed under the test's name; "refused-…" clusters at a port nobody listens on.
const caches = new KubeWatchCaches(
  async (name) => {
    if (!name.startsWith('refused')) return stored(name);
    const { connection } = await stored(cluster);
    return { connection: { ...connection, name, apiServerUrl: 'https://127.0.0.1:1' }, fingerprint: name };
  },
  { lingerMs: 5_000, requestTimeoutMs: 3_000 },
);
const deps = { ...base, live: createLiveStreams(caches, { perUser: 10, perProcess: 100, retryAfterSeconds: 1 }) };
const grants: Array<{ revoke: () => Promise<void> }> = [];
let admin: Actor, viewer: Actor;
let spec: EnvironmentSpec;

beforeAll(async () => {
  await registerTestbedAs(deps, cluster);
  [admin, viewer] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'viewer')]);
  const name = unique('health-dev');
  spec = { ...starterSpec(name, 'development'), cluster };
  grants.push(await grantTestbedNamespaces(name, spec.namespace));
  await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'health test' });
  await carryOutPlan(deps, db, (await createPlan(contextFor(deps, admin), name)).id);
}, 180_000);
afterAll(async () => {
  await caches.close();
  for (const grant of grants) await grant.revoke();
  await db.$disconnect();
}, 120_000);

describe('environment health', () => {
  it("judges a deployed environment's components from the watch caches, with their pods, nodes and zones", async () => {
    const health = await waitFor(
      'every component judged with its pods running',
      async () => {
        const read = await getEnvironmentHealth(contextFor(deps, viewer), spec.name);
        return read.components.every((c) => ['Healthy', 'Progressing'].includes(c.status) && c.pods.some((p) => p.phase === 'Running')) ? read : undefined;
      },
      120_000,
    );
    console.log(
      'health:',
      JSON.stringify(health.cluster),
      health.components.map((c) => `${c.name} ${c.status} ${c.replicas.ready}/${c.replicas.desired} v${c.version} pods=${c.pods.map((p) => `${p.name}@${p.node}/${p.zone}`).join(',')}`).join(' | '),
    );
    expect(health).toMatchObject({ environment: spec.name, cluster: { state: 'reachable' } });
    const enabled = Object.entries(spec.components).filter(([, c]) => c.enabled).map(([name]) => name);
    expect(health.components.map((c) => c.name)).toEqual(enabled);
    const wallet = health.components.find((c) => c.name === 'wallet-api')!;
    expect(wallet.version).toBe(spec.components['wallet-api'].image.tag);
    expect(wallet.replicas.desired).toBeGreaterThan(0);
    expect(wallet.pods[0]).toMatchObject({ name: expect.stringMatching(/^wallet-api-/), node: expect.any(String), deployment: 'wallet-api', startedAt: expect.any(String) });
    expect(wallet.reasons.length).toBeGreaterThan(0);
    await expect(getEnvironmentHealth(contextFor(deps, null), spec.name)).rejects.toMatchObject({ code: 'unauthenticated' });

    // Its recent events, from the Event watch cache: the scheduler placed its pod, its ReplicaSet created it.
    const events = await waitFor('wallet-api events', async () => {
      const read = await readComponentEvents(deps, spec, 'wallet-api');
      expect(read.problem).toBeNull();
      return read.events.some((e) => e.object.startsWith('Pod/wallet-api-')) ? read.events : undefined;
    });
    console.log('events:', events.map((e) => `${e.reason} ${e.object}`).join(' | '));
    expect(events.every((e) => /^(Deployment|ReplicaSet|Pod|ScaledObject|HorizontalPodAutoscaler|PodDisruptionBudget)\/wallet-api/.test(e.object) || e.object.includes('keda-hpa-wallet-api'))).toBe(true);
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort().reverse());
  }, 180_000);

  it('an unreachable cluster gives every component Unknown "unreachable since", within the sync wait', async () => {
    const started = Date.now();
    const health = await readEnvironmentHealth(deps, { ...spec, cluster: unique('refused') });
    const took = Date.now() - started;
    console.log(`unreachable answered in ${took} ms:`, JSON.stringify(health.cluster), health.components[0]!.reasons[0]!.text);
    expect(health.cluster).toMatchObject({ state: 'unreachable', since: expect.any(String) });
    for (const component of health.components) {
      expect(component).toMatchObject({ status: 'Unknown', pods: [] });
      expect(component.reasons[0]!.text).toMatch(/^cluster unreachable since /);
    }
    expect(took).toBeLessThan(5_000);
  }, 30_000);

  it('a namespace the console may not read gives every component Unknown "may not read", never syncing', async () => {
    // No grant: the API server answers 403 to the console's lists there.
    const started = Date.now();
    const health = await readEnvironmentHealth(deps, { ...spec, namespace: unique('pp-nogrant') });
    console.log(`forbidden answered in ${Date.now() - started} ms:`, JSON.stringify(health.cluster), health.components[0]!.reasons[0]!.text);
    expect(health.cluster).toMatchObject({ state: 'forbidden', namespace: expect.stringMatching(/^pp-nogrant-/), error: expect.stringMatching(/answered 403 .*forbidden/) });
    for (const component of health.components) {
      expect(component).toMatchObject({ status: 'Unknown', pods: [] });
      expect(component.reasons[0]!.text).toMatch(/^the console may not read \w+s in pp-nogrant-/);
    }
  }, 30_000);

  it('answers with Prometheus down, saying alerts are unknown', async () => {
    const down = { ...spec, observability: { ...spec.observability, prometheusUrl: 'http://127.0.0.1:1' } };
    const health = await readEnvironmentHealth(deps, down);
    console.log('prometheus down:', JSON.stringify(health.alerts), health.components.map((c) => c.status).join(','));
    expect(health.alerts).toMatchObject({ available: false, message: expect.stringMatching(/Prometheus/) });
    expect(health.cluster).toEqual({ state: 'reachable' });
    for (const component of health.components) {
      expect(component.status).not.toBe('Unknown');
      expect(component.reasons.at(-1)!.text).toMatch(/^alerts unknown: /);
    }
  }, 30_000);
});
