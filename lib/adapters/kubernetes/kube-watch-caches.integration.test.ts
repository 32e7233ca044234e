// The shared watch caches against the real testbed API server, as the console ServiceAccount: pods
// created and deleted reach subscribers, two subscribers share one list and one watch, a watch
// resumed from a compacted resourceVersion re-lists, a silent watch is restarted, a kind the console
// may not list backs off, and a cluster that never answers leaves the testbed's cache untouched.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { CoreV1Api, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveChange } from '@/lib/core/live/live-state';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { adminKubeConfig, applyObjects, consoleEnvironmentObjects, deleteObjects, uniqueName, waitFor } from '@/scripts/stack/test-support';
import { defaultWatchCacheOptions } from './kube-watch-cache';
import { KubeWatchCaches } from './kube-watch-caches';

const testbed = testbedCluster('testbed');
const environment = uniqueName('watch');
const namespace = `personapass-${environment}`;
const grant = consoleEnvironmentObjects(environment, namespace);
const core = adminKubeConfig().makeApiClient(CoreV1Api);
const servers: Server[] = [];
const requests: Array<{ cluster: string; verb: string; path: string }> = [];
const podsPath = `/api/v1/namespaces/${namespace}/pods`;
const logged: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
const logger = {
  info: (message: string, fields?: Record<string, unknown>) => logged.push({ level: 'info', message, fields }),
  warn: (message: string, fields?: Record<string, unknown>) => logged.push({ level: 'warn', message, fields }),
};
/** No credential of the testbed's in what was logged. */
const expectNoSecretsLogged = () => {
  const text = JSON.stringify(logged);
  const { credential } = testbed;
  for (const secret of credential.kind === 'token' ? [credential.token] : [credential.key]) expect(text).not.toContain(secret);
};

const connections = async (cluster: string) => {
  const apiServerUrl = cluster === 'testbed' ? testbed.apiServerUrl : `https://127.0.0.1:${cluster.split('-')[1]}`;
  return { connection: { ...testbed, name: cluster, apiServerUrl }, fingerprint: apiServerUrl };
};
const caches: KubeWatchCaches[] = [];
const watchCaches = (options: ConstructorParameters<typeof KubeWatchCaches>[1] = {}) => {
  const made = new KubeWatchCaches(connections, { lingerMs: 200, requestTimeoutMs: 3_000, observe: (request) => requests.push(request), logger, ...options });
  caches.push(made);
  return made;
};

// Restricted Pod Security (the namespace enforces it), scheduled onto a kwok node.
const pod = (name: string) => ({
  metadata: { name, labels: { 'app.kubernetes.io/name': 'watch-test' } },
  spec: {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', image: 'example.invalid/app:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
  },
});

/** Whether the API server answers a watch of the namespace's pods from resourceVersion 1 with 410 Gone. */
async function resourceVersionOneGone(): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let settled = false;
    let request: { abort: () => void } | undefined;
    const settle = (gone: boolean) => {
      if (settled) return;
      settled = true;
      request?.abort();
      resolve(gone);
    };
    new Watch(adminKubeConfig())
      .watch(podsPath, { resourceVersion: '1' }, (type, object) => settle(type === 'ERROR' && (object as { code?: number }).code === 410), (error) => settle(/410|[Ee]xpired|too old/.test(String(error))))
      .then((started) => {
        request = started;
        setTimeout(() => settle(false), 2_000);
      }, (error: unknown) => settle(/410|[Ee]xpired|too old/.test(String(error))));
  });
}

/**
 * A young cluster (a fresh CI stack) still holds resourceVersion 1 in the API server's watch cache, so
 * resuming from it is no 410 there. Pod churn in the test's namespace moves the cache's window past it.
 */
async function untilResourceVersionOneIsGone(): Promise<void> {
  for (let round = 0; round < 60 && !(await resourceVersionOneGone()); round++) {
    await Promise.all(Array.from({ length: 25 }, () => core.createNamespacedPod({ namespace, body: { ...pod(uniqueName('churn')), metadata: { name: uniqueName('churn'), labels: { churn: 'true' } } } })));
    await core.deleteCollectionNamespacedPod({ namespace, labelSelector: 'churn=true', gracePeriodSeconds: 0 });
  }
}

beforeAll(async () => {
  await applyObjects(adminKubeConfig(), grant);
  await waitFor(`default ServiceAccount in ${namespace}`, () => core.readNamespacedServiceAccount({ name: 'default', namespace }).catch(() => undefined));
}, 60_000);
afterAll(async () => {
  servers.forEach((server) => server.close());
  await Promise.all(caches.map((made) => made.close()));
  await deleteObjects(adminKubeConfig(), grant);
}, 60_000);

describe('KubeWatchCaches against the testbed', () => {
  it('a pod created and deleted reaches both subscribers of one shared list-and-watch', async () => {
    const live = watchCaches();
    const seenA: LiveChange[] = [];
    const seenB: LiveChange[] = [];
    const key = { cluster: 'testbed', kind: 'Pod' as const, namespace };
    const a = live.subscribe(key, (change) => seenA.push(change));
    const b = live.subscribe(key, (change) => seenB.push(change));
    await waitFor('the pod cache to sync', async () => a.status().synced);

    const name = uniqueName('p');
    await core.createNamespacedPod({ namespace, body: pod(name) });
    for (const seen of [seenA, seenB]) await waitFor('the pod upsert', async () => seen.some((c) => c.type === 'upsert' && c.object.metadata.name === name));
    expect(b.snapshot().map((object) => object.metadata.name)).toContain(name);
    const added = b.snapshot().find((object) => object.metadata.name === name)!;
    expect(added).not.toHaveProperty('metadata.managedFields');

    await core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
    for (const seen of [seenA, seenB]) await waitFor('the pod delete', async () => seen.some((c) => c.type === 'delete' && c.object.metadata.name === name));
    expect(a.snapshot().map((object) => object.metadata.name)).not.toContain(name);

    const sent = requests.filter((request) => request.cluster === 'testbed' && request.path === podsPath);
    console.log('requests for the shared pod watch:', sent.map((request) => request.verb).join(', '));
    expect(sent.filter((request) => request.verb === 'list')).toHaveLength(1);
    expect(sent.filter((request) => request.verb === 'watch')).toHaveLength(1);
    expect(live.size).toBe(1);

    a.close();
    b.close();
    await waitFor('the cache to stop after its last subscriber (linger 200 ms)', async () => live.size === 0);
  });

  it('410 Gone: a watch resumed from a compacted resourceVersion lists again', { timeout: 240_000 }, async () => {
    requests.length = 0;
    logged.length = 0;
    await untilResourceVersionOneIsGone();
    requests.length = 0;
    logged.length = 0;
    const name = uniqueName('gone');
    await core.createNamespacedPod({ namespace, body: pod(name) });
    const live = watchCaches({ cache: { ...defaultWatchCacheOptions, resumeFrom: '1' } });
    const subscription = live.subscribe({ cluster: 'testbed', kind: 'Pod', namespace }, () => undefined);
    await waitFor('the re-list after 410', async () => subscription.status().synced && subscription.snapshot().some((object) => object.metadata.name === name));
    console.log('after resuming from resourceVersion 1:', JSON.stringify(subscription.status()), requests.map((request) => request.verb).join(', '));
    expect(subscription.status().relists).toBe(1);
    const relisted = logged.filter((entry) => entry.message === 'live watch cache re-lists' && entry.fields?.namespace === namespace);
    console.log('logged:', JSON.stringify(relisted));
    expect(relisted).toEqual([{ level: 'info', message: 'live watch cache re-lists', fields: { cluster: 'testbed', kind: 'Pod', namespace, reason: expect.stringMatching(/410/) } }]);
    expectNoSecretsLogged();
    expect(requests.filter((request) => request.path === podsPath).map((request) => request.verb).slice(0, 3)).toEqual(['watch', 'list', 'watch']);
    subscription.close();
    await core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
  });

  it('a watch silent past its deadline is restarted and still delivers', async () => {
    const live = watchCaches({ cache: { ...defaultWatchCacheOptions, silenceMs: 1_000 } });
    const seen: LiveChange[] = [];
    // No pod changes in this namespace between tests and no bookmark comes within 1 s: the watch is silent.
    const subscription = live.subscribe({ cluster: 'testbed', kind: 'Pod', namespace }, (change) => seen.push(change));
    await waitFor('two silent restarts', async () => subscription.status().restarts >= 2, 10_000);
    const name = uniqueName('after');
    await core.createNamespacedPod({ namespace, body: pod(name) });
    await waitFor('the pod after the restarts', async () => seen.some((c) => c.type === 'upsert' && c.object.metadata.name === name));
    console.log('silent watch status:', JSON.stringify(subscription.status()));
    expect(subscription.status().relists).toBe(0);
    subscription.close();
    await core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
  });

  it('a watch the server ends at once without an event is a failure: re-opened after a growing back-off, not in a loop', async () => {
    const opened: number[] = [];
    logged.length = 0;
    // The real API server ends each watch after 1 s (timeoutSeconds); shorter than minWatchMs, so each is a short watch.
    const live = watchCaches({
      cache: { ...defaultWatchCacheOptions, watchTimeoutSeconds: 1, minWatchMs: 3_000, backoff: { initialMs: 500, maxMs: 4_000, factor: 2 } },
      observe: (request) => {
        if (request.verb === 'watch' && request.path === podsPath) opened.push(Date.now());
      },
    });
    const subscription = live.subscribe({ cluster: 'testbed', kind: 'Pod', namespace }, () => undefined);
    await waitFor('four watches', async () => opened.length >= 4, 15_000);
    const gaps = opened.slice(1).map((at, index) => at - opened[index]!);
    console.log('gaps between watches the server ended after 1 s (ms):', gaps.join(', '), JSON.stringify(subscription.status()));
    // 1 s of watch, then 0.5 s, 1 s, 2 s of back-off: each gap longer than the one before it.
    expect(gaps[0]).toBeGreaterThanOrEqual(1_400);
    expect(gaps[1]).toBeGreaterThan(gaps[0]! + 300);
    expect(gaps[2]).toBeGreaterThan(gaps[1]! + 600);
    expect(subscription.status()).toMatchObject({ synced: true, unreachableSince: null, error: expect.stringMatching(/ended the Pod watch .* without an event/) });
    const backoffs = logged.filter((entry) => entry.message === 'live watch cache backs off' && entry.fields?.cluster === 'testbed');
    console.log('logged:', JSON.stringify(backoffs.slice(0, 2)));
    expect(backoffs.slice(0, 3).map((entry) => [entry.level, entry.fields?.failures, entry.fields?.retryInMs])).toEqual([
      ['warn', 1, 500],
      ['warn', 2, 1_000],
      ['warn', 3, 2_000],
    ]);
    expectNoSecretsLogged();
    subscription.close();
  }, 30_000);

  it('a kind the cluster does not serve (404 on its list) is marked not served and not listed again in a loop', async () => {
    // ScaledObject served from a made-up API group no CRD defines, and the console allowed to list it (else RBAC says 403 before routing says 404).
    const group = 'nothere.personapass.test';
    const rbac = 'rbac.authorization.k8s.io';
    const role = [
      { apiVersion: `${rbac}/v1`, kind: 'Role', metadata: { name: 'watch-not-served', namespace }, rules: [{ apiGroups: [group], resources: ['scaledobjects'], verbs: ['list', 'watch'] }] },
      { apiVersion: `${rbac}/v1`, kind: 'RoleBinding', metadata: { name: 'watch-not-served', namespace }, roleRef: { apiGroup: rbac, kind: 'Role', name: 'watch-not-served' }, subjects: [{ kind: 'ServiceAccount', name: 'personapass-console', namespace: 'personapass-system' }] },
    ];
    await applyObjects(adminKubeConfig(), role);
    try {
      const notServedPath = `/apis/${group}/v1alpha1/namespaces/${namespace}/scaledobjects`;
      const sent: string[] = [];
      const live = watchCaches({
        // A failure's back-off would retry within 0.1–0.4 s; not served waits the recheck interval.
        cache: { ...defaultWatchCacheOptions, backoff: { initialMs: 100, maxMs: 400, factor: 2 }, notServedRecheckMs: 60_000, resources: { ScaledObject: { apiVersion: `${group}/v1alpha1`, basePath: `/apis/${group}/v1alpha1`, resource: 'scaledobjects' } } },
        observe: (request) => {
          if (request.path === notServedPath) sent.push(request.verb);
        },
      });
      const subscription = live.subscribe({ cluster: 'testbed', kind: 'ScaledObject', namespace }, () => undefined);
      await waitFor('the kind to be marked not served', async () => subscription.status().notServed);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      console.log('not served:', JSON.stringify(subscription.status()), 'requests in 3 s:', sent.join(', '));
      expect(sent).toEqual(['list']);
      expect(subscription.status()).toMatchObject({ synced: false, notServed: true, unreachableSince: null, error: expect.stringMatching(/does not serve ScaledObject/) });
      expect(subscription.snapshot()).toEqual([]);
      subscription.close();
    } finally {
      await deleteObjects(adminKubeConfig(), role);
    }
  }, 30_000);

  it('a kind the console may not list (403 Forbidden: no RoleBinding in the namespace) backs off with a log line and a "forbidden" status, not a loop', async () => {
    // The console's ServiceAccount lists pods only where console-environment.yaml binds it; this namespace has no binding.
    const forbidden = `personapass-${uniqueName('nogrant')}`;
    const forbiddenPath = `/api/v1/namespaces/${forbidden}/pods`;
    const listed: number[] = [];
    logged.length = 0;
    const live = watchCaches({
      cache: { ...defaultWatchCacheOptions, backoff: { initialMs: 500, maxMs: 4_000, factor: 2 } },
      observe: (request) => {
        if (request.path === forbiddenPath) listed.push(Date.now());
      },
    });
    const subscription = live.subscribe({ cluster: 'testbed', kind: 'Pod', namespace: forbidden }, () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const gaps = listed.slice(1).map((at, index) => at - listed[index]!);
    console.log(`lists in 5 s: ${listed.length}, gaps (ms): ${gaps.join(', ')};`, JSON.stringify(subscription.status()));
    // 0, 0.5, 1.5, 3.5 s: four lists, each wait twice the one before (a loop would have sent hundreds).
    expect(listed.length).toBeLessThanOrEqual(4);
    expect(gaps[1]).toBeGreaterThan(gaps[0]! * 1.5);
    expect(subscription.status()).toMatchObject({ synced: false, unreachableSince: null, notServed: false, error: expect.stringMatching(/answered 403 to Pod in personapass-nogrant-.*forbidden/) });
    const backoffs = logged.filter((entry) => entry.message === 'live watch cache backs off' && entry.fields?.namespace === forbidden);
    console.log('logged:', JSON.stringify(backoffs[0]));
    expect(backoffs[0]).toMatchObject({ level: 'warn', fields: { cluster: 'testbed', kind: 'Pod', failures: 1, retryInMs: 500, error: expect.stringMatching(/forbidden/) } });
    expect(backoffs.length).toBe(listed.length);
    expectNoSecretsLogged();
    subscription.close();
  }, 30_000);

  it('rights taken away while watching: the next watch is refused 403 and the cache stops saying synced, until the rights are back and it lists afresh', async () => {
    const revoked = `personapass-${uniqueName('revoked')}`;
    const rights = consoleEnvironmentObjects(uniqueName('revoked'), revoked);
    await applyObjects(adminKubeConfig(), rights);
    try {
      // The server ends each watch after 2 s; the next one is asked for with the rights as they are then.
      const live = watchCaches({ cache: { ...defaultWatchCacheOptions, watchTimeoutSeconds: 2 } });
      const subscription = live.subscribe({ cluster: 'testbed', kind: 'Pod', namespace: revoked }, () => undefined);
      await waitFor('synced while granted', async () => subscription.status().synced, 10_000);
      await deleteObjects(adminKubeConfig(), rights.filter((object) => object.kind === 'RoleBinding'));
      await waitFor('refused after the RoleBinding went', async () => /403/.test(subscription.status().error ?? ''), 15_000);
      console.log('after the RoleBinding was deleted:', JSON.stringify(subscription.status()));
      expect(subscription.status()).toMatchObject({ synced: false, unreachableSince: null, error: expect.stringMatching(/forbidden/) });
      // Rights back: listed afresh (the back-off is at most 30 s; here the first retries are 0.5–2 s).
      await applyObjects(adminKubeConfig(), rights);
      await waitFor('synced again after the RoleBinding came back', async () => subscription.status().synced, 20_000);
      expect(subscription.status()).toMatchObject({ error: null, relists: 1 });
      subscription.close();
    } finally {
      await deleteObjects(adminKubeConfig(), rights);
    }
  }, 40_000);

  it('a cluster that never answers and one that refuses do not hold up the testbed’s cache', async () => {
    const silent = createServer(() => undefined);
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentCluster = `silent-${(silent.address() as AddressInfo).port}`;
    const live = watchCaches();
    const hung = live.subscribe({ cluster: silentCluster, kind: 'Pod', namespace }, () => undefined);
    const refused = live.subscribe({ cluster: 'refused-1', kind: 'Pod', namespace }, () => undefined);
    const started = Date.now();
    const healthy = live.subscribe({ cluster: 'testbed', kind: 'Pod', namespace }, () => undefined);
    await waitFor('the testbed cache to sync', async () => healthy.status().synced);
    const syncedAfter = Date.now() - started;
    expect(hung.status().synced).toBe(false);
    await waitFor('the silent cluster to be marked unreachable', async () => hung.status().unreachableSince, 10_000);
    await waitFor('the refusing cluster to be marked unreachable', async () => refused.status().unreachableSince, 10_000);
    console.log(`testbed synced in ${syncedAfter} ms beside:`, JSON.stringify(hung.status()), JSON.stringify(refused.status()));
    // The silent cluster's list deadline is 3 s: the testbed synced long before it ran out.
    expect(syncedAfter).toBeLessThan(3_000);
    for (const subscription of [hung, refused, healthy]) subscription.close();
  });
});
