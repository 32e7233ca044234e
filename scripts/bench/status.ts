// npm run bench:status — the status page's JSON twin under load, on the testbed (npm run stack:up
// postgres kube prometheus; kwok simulates the pods, bound straight to its nodes):
//   - a fresh database, the testbed registered, an environment whose namespace holds 500 pods (by
//     server-side apply as the cluster administrator; removed at the end) and a share link;
//   - 50 concurrent clients call GET /status/{environment}.json?token= through the real route
//     handler for BENCH_SECONDS (60): the shared watch caches and the per-environment page cache;
//   - then the same clients for the same time on a naive page that lists the environment's objects
//     from the API server for every request (its own watch caches per request, no page cache);
//   - for each: p50/p95 latency and the kube-apiserver's own request count (apiserver_request_total
//     read from its /metrics with the admin kubeconfig, before and after; other users of the shared
//     testbed add to both phases alike).
// Goals: p95 < 50 ms, at least 10× fewer API server requests than the naive page. Prints figures; asserts nothing.
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import { createBenchDatabase, useBenchDatabaseAsConsole } from './bench-database';

const podCount = Number(process.env.BENCH_PODS ?? 500);
const clients = Number(process.env.BENCH_CLIENTS ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const inFlight = 32;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;
const verdict = (met: boolean) => (met ? 'goal met' : 'GOAL MISSED');

async function main() {
  const { CoreV1Api, KubernetesObjectApi, PatchStrategy } = await import('@kubernetes/client-node');
  const { adminKubeConfig, applyObjects, consoleEnvironmentObjects, deleteObjects } = await import('@/scripts/stack/test-support');
  const admin = adminKubeConfig();
  const core = admin.makeApiClient(CoreV1Api);
  const objects = KubernetesObjectApi.makeApiClient(admin);

  /** Every request the API server has finished, as it counts them itself, by verb and resource. */
  async function apiServerRequests(): Promise<Map<string, number>> {
    const options: https.RequestOptions = {};
    await admin.applyToHTTPSOptions(options);
    const url = new URL('/metrics', admin.getCurrentCluster()!.server);
    const text = await new Promise<string>((resolve, reject) => {
      https
        .get({ ...options, hostname: url.hostname, port: url.port, path: url.pathname }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
    const counts = new Map<string, number>();
    for (const line of text.split('\n').filter((l) => l.startsWith('apiserver_request_total{'))) {
      const label = (key: string) => new RegExp(`[{,]${key}="([^"]*)"`).exec(line)?.[1] ?? '';
      const key = `${label('verb')} ${label('resource')}`;
      counts.set(key, (counts.get(key) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
    }
    return counts;
  }
  // What the status page reads: the environment's workloads and the cluster's nodes.
  const readByStatus = /^(LIST|WATCH|GET) (pods|deployments|scaledobjects|poddisruptionbudgets|nodes)$/;
  const delta = (before: Map<string, number>, after: Map<string, number>) => {
    const changed = [...after].map(([key, n]) => [key, n - (before.get(key) ?? 0)] as const).filter(([, n]) => n > 0);
    const sum = (entries: ReadonlyArray<readonly [string, number]>) => entries.reduce((total, [, n]) => total + n, 0);
    return { all: sum(changed), read: sum(changed.filter(([key]) => readByStatus.test(key))), top: changed.sort((a, b) => b[1] - a[1]).slice(0, 4).map(([key, n]) => `${key} ${n}`).join(', ') };
  };

  const database = await createBenchDatabase();
  useBenchDatabaseAsConsole(database);
  const { getDeps } = await import('@/lib/server/deps');
  const { registerTestbedAs } = await import('@/lib/test-support/testbed-environment');
  const { starterSpec } = await import('@/lib/core/environments/starter-specs');
  const { createEnvironment } = await import('@/lib/server/environments/create-environment');
  const { createStatusLink } = await import('@/lib/server/status-links/create-status-link');
  const { readStatusPage } = await import('@/lib/server/status/read-status-page');
  const { KubeWatchCaches } = await import('@/lib/adapters/kubernetes/kube-watch-caches');
  const { clusterConnections } = await import('@/lib/server/live/cluster-connections');
  const { createLiveStreams } = await import('@/lib/server/live/live-streams');
  const statusRoute = await import('@/app/status/[environment]/route');

  const deps = getDeps();
  const id = randomUUID().slice(0, 8);
  const name = `bench-status-${id}`;
  const namespace = `personapass-bench-status-${id}`;
  const grant = consoleEnvironmentObjects(name, namespace);
  const nodes = (await core.listNode()).items.map((node) => node.metadata!.name!).filter((node) => node.startsWith('kwok-'));
  if (nodes.length === 0) throw new Error('no kwok nodes on the testbed (npm run stack:up kube)');
  const pod = (n: number) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `wallet-api-bench-${n}`, namespace, labels: { 'app.kubernetes.io/name': 'wallet-api' } },
    spec: {
      nodeName: nodes[n % nodes.length],
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'wallet-api', image: 'example.invalid/wallet-api:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    },
  });

  try {
    await applyObjects(admin, grant);
    await registerTestbedAs(deps, 'testbed');
    const user = await deps.users.upsertFromSignIn({ subject: 'bench:admin', email: 'admin@personapass.test', name: 'Admin', role: 'admin' }, randomUUID());
    const ctx = { actor: { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session' as const, signedInAt: new Date() }, requestId: randomUUID(), deps };
    const spec = { ...starterSpec(name, 'development'), cluster: 'testbed', namespace };
    await createEnvironment(ctx, { spec, changeNote: 'bench:status' });
    const { token } = await createStatusLink(ctx, name, { label: 'bench' });

    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < podCount) await objects.patch(pod(next++) as never, undefined, undefined, 'personapass-bench-status', true, PatchStrategy.ServerSideApply);
      }),
    );
    console.log(`bench:status: ${podCount} pods in ${namespace} (${((performance.now() - t0) / 1000).toFixed(1)} s), ${clients} clients for ${seconds} s per phase`);

    // The shared testbed's other users, for the same time: what both phases count besides their own.
    const idleBefore = await apiServerRequests();
    await new Promise((resolve) => setTimeout(resolve, Math.min(seconds, 10) * 1000));
    const idle = delta(idleBefore, await apiServerRequests());
    console.log(`idle for ${Math.min(seconds, 10)} s: API server requests ${idle.all}, reads of what the page reads ${idle.read} (most: ${idle.top})`);

    async function phase(label: string, ask: () => Promise<void>) {
      const latencies: number[] = [];
      let failures = 0;
      const before = await apiServerRequests();
      const deadline = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (Date.now() < deadline) {
            const started = performance.now();
            try {
              await ask();
              latencies.push(performance.now() - started);
            } catch (error) {
              failures += 1;
              if (failures === 1) console.error(`${label}:`, error);
            }
          }
        }),
      );
      const counted = delta(before, await apiServerRequests());
      console.log(
        `${label}: ${latencies.length} answers (${(latencies.length / seconds).toFixed(0)}/s), ${failures} failed, p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms; API server requests ${counted.all}, of them reads of pods, deployments, scaled objects, budgets and nodes ${counted.read} (most: ${counted.top})`,
      );
      return { p95: percentile(latencies, 95), requests: counted.read };
    }

    const path = `/status/${name}.json?token=${token}`;
    // Warm: the first viewer starts the shared watches (what every later viewer reads).
    const first = await statusRoute.GET(new Request(`http://127.0.0.1:3999${path}`), { params: Promise.resolve({ environment: `${name}.json` }) });
    const firstPage = (await first.json()) as { status: string; components: unknown[] };
    console.log(`first answer ${first.status}: ${firstPage.status}, ${firstPage.components.length} components`);

    const shared = await phase('status route (shared watch caches, 5 s page cache)', async () => {
      const response = await statusRoute.GET(new Request(`http://127.0.0.1:3999${path}`), { params: Promise.resolve({ environment: `${name}.json` }) });
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      await response.text();
    });
    const naive = await phase('naive (lists the environment from the API server per request)', async () => {
      const caches = new KubeWatchCaches(clusterConnections(deps.clusters, deps.secrets), { lingerMs: 0 });
      try {
        await readStatusPage({ ...deps, live: createLiveStreams(caches, { perUser: 1, perProcess: 1, retryAfterSeconds: 1 }) }, spec);
      } finally {
        await caches.close();
      }
    });
    console.log('');
    console.log(`p95 ${shared.p95.toFixed(1)} ms (goal < 50 ms: ${verdict(shared.p95 < 50)}); API server reads of what the page reads ${shared.requests} vs naive ${naive.requests}: ${(naive.requests / Math.max(1, shared.requests)).toFixed(1)}× fewer (goal ≥ 10×: ${verdict(naive.requests >= 10 * shared.requests)})`);
  } finally {
    await core.deleteCollectionNamespacedPod({ namespace, gracePeriodSeconds: 0 }).catch((error: unknown) => console.error('deleting the pods:', error));
    await deleteObjects(admin, grant);
    console.log(`removed ${namespace}`);
    await database.drop().catch(() => undefined);
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error('bench:status failed:', error);
    process.exit(1);
  });
