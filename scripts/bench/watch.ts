// npm run bench:watch — the shared live watch caches holding 5,000 pods of the testbed
// (npm run stack:up kube; kwok simulates the pods, bound straight to its nodes so the scheduler
// does no work):
//   - a bench namespace, granted to the console as an environment's is, gets 5,000 pods by
//     server-side apply, many requests in flight (as the cluster administrator), removed at the end;
//   - a separate "server" process (this script forked, with --expose-gc) runs the registry the
//     console serves /api/v1/environments/{name}/live from (KubeWatchCaches, as the console's
//     ServiceAccount) and reports its RSS idle (modules loaded, nothing watched, after a GC) and
//     once its Pod cache holds the 5,000 (after a GC): the growth is what the cache costs;
//   - then one pod at a time is changed (a label, server-side apply) and the time from sending the
//     change to the registry's subscriber receiving it (what the SSE route writes out next) is taken,
//     both processes reading the same clock.
// Goals: RSS growth ≤ 100 MB with 5,000 pods held, change → event p95 ≤ 2 s. Prints figures; asserts nothing.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';

const podCount = Number(process.env.BENCH_PODS ?? 5_000);
const changes = Number(process.env.BENCH_CHANGES ?? 100);
const inFlight = Number(process.env.BENCH_CONCURRENCY ?? 48);
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;
const verdict = (met: boolean) => (met ? 'goal met' : 'GOAL MISSED');

type ToServer = { type: 'subscribe'; namespace: string };
type FromServer =
  | { type: 'ready'; rss: number; heapUsed: number }
  | { type: 'synced'; rss: number; heapUsed: number; objects: number; syncMs: number }
  | { type: 'seen'; name: string; mark: string; at: number }
  | { type: 'failed'; error: string };

/** The server side: the registry alone in its own process, so its memory is not the bench's. */
async function server() {
  const send = (message: FromServer) => process.send!(message);
  const { KubeWatchCaches } = await import('@/lib/adapters/kubernetes/kube-watch-caches');
  const { testbedCluster } = await import('@/lib/test-support/testbed-cluster');
  const testbed = testbedCluster('testbed');
  const live = new KubeWatchCaches(async () => ({ connection: testbed, fingerprint: testbed.apiServerUrl }));
  const measure = () => {
    for (let i = 0; i < 3; i++) global.gc?.();
    const usage = process.memoryUsage();
    return { rss: usage.rss, heapUsed: usage.heapUsed };
  };
  // Warm the code paths a first list and watch take (undici, TLS, JSON, trimming) on the bench namespace while it is empty, with
  // another kind than the one measured, so the baseline is a server that has already served.
  const warm = live.subscribe({ cluster: 'testbed', kind: 'Deployment', namespace: process.argv[3]! }, () => undefined);
  while (!warm.status().synced) {
    if (warm.status().error) throw new Error(warm.status().error!);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  warm.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  send({ type: 'ready', ...measure() });

  process.on('message', (message: ToServer) => {
    if (message.type !== 'subscribe') return;
    const started = Date.now();
    const subscription = live.subscribe({ cluster: 'testbed', kind: 'Pod', namespace: message.namespace }, (change) => {
      if (change.type !== 'upsert') return;
      const mark = change.object.metadata.labels?.['bench-mark'];
      if (mark) send({ type: 'seen', name: change.object.metadata.name, mark, at: Date.now() });
    });
    const wait = setInterval(() => {
      const status = subscription.status();
      if (status.error) send({ type: 'failed', error: status.error });
      if (!status.synced) return;
      clearInterval(wait);
      const syncMs = Date.now() - started;
      // Let the list's garbage go before measuring what stays.
      setTimeout(() => send({ type: 'synced', ...measure(), objects: subscription.snapshot().length, syncMs }), 500);
    }, 50);
  });
}

async function bench() {
  const { KubernetesObjectApi, PatchStrategy, CoreV1Api } = await import('@kubernetes/client-node');
  const { adminKubeConfig, applyObjects, consoleEnvironmentObjects, deleteObjects } = await import('@/scripts/stack/test-support');
  const admin = adminKubeConfig();
  const objects = KubernetesObjectApi.makeApiClient(admin);
  const core = admin.makeApiClient(CoreV1Api);
  const id = randomUUID().slice(0, 8);
  const namespace = `personapass-bench-watch-${id}`;
  const grant = consoleEnvironmentObjects(`bench-watch-${id}`, namespace);
  const nodes = (await core.listNode()).items.map((node) => node.metadata!.name!).filter((name) => name.startsWith('kwok-'));
  if (nodes.length === 0) throw new Error('no kwok nodes on the testbed (npm run stack:up kube)');
  // Restricted Pod Security (the namespace enforces it); bound to a kwok node, so no scheduling.
  const pod = (n: number, labels: Record<string, string> = {}) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `bench-${n}`, namespace, labels: { 'app.kubernetes.io/name': 'bench-watch', ...labels } },
    spec: {
      nodeName: nodes[n % nodes.length],
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', image: 'example.invalid/app:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    },
  });
  const apply = (object: object) => objects.patch(object as never, undefined, undefined, 'personapass-bench-watch', true, PatchStrategy.ServerSideApply);

  let child: ChildProcess | undefined;
  try {
    console.log(`bench:watch: ${podCount} pods in ${namespace} on ${nodes.length} kwok nodes, ${inFlight} applies in flight; ${changes} changes timed`);
    await applyObjects(admin, grant);

    child = fork(process.argv[1]!, ['server', namespace], { execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const seen = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    let resolveReady: (message: FromServer) => void;
    let resolveSynced: (message: FromServer) => void;
    const ready = new Promise<FromServer>((resolve) => (resolveReady = resolve));
    const synced = new Promise<FromServer>((resolve) => (resolveSynced = resolve));
    child.on('message', (message: FromServer) => {
      if (message.type === 'ready') resolveReady(message);
      else if (message.type === 'synced') resolveSynced(message);
      else if (message.type === 'seen') {
        const mark = `${message.name}=${message.mark}`;
        seen.set(mark, message.at);
        waiters.get(mark)?.();
      } else if (message.type === 'failed') console.error('server cache:', message.error);
    });
    child.on('exit', (code) => {
      if (code) console.error(`the server process exited with ${code}`);
    });
    const idle = (await ready) as Extract<FromServer, { type: 'ready' }>;

    let t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < podCount) await apply(pod(next++));
      }),
    );
    const createMs = performance.now() - t0;
    console.log(`created ${podCount} pods in ${(createMs / 1000).toFixed(1)} s (${Math.round(podCount / (createMs / 1000))}/s)`);

    child.send({ type: 'subscribe', namespace } satisfies ToServer);
    const full = (await synced) as Extract<FromServer, { type: 'synced' }>;
    console.log(`the registry listed ${full.objects} pods in ${(full.syncMs / 1000).toFixed(2)} s`);

    // One change at a time: a label, so each is one MODIFIED event on the shared watch.
    const latencies: number[] = [];
    for (let i = 0; i < changes; i++) {
      const n = Math.floor(Math.random() * podCount);
      const mark = `m${i}`;
      const key = `bench-${n}=${mark}`;
      const arrived = new Promise<void>((resolve) => {
        if (seen.has(key)) resolve();
        waiters.set(key, resolve);
      });
      const sentAt = Date.now();
      t0 = performance.now();
      await apply(pod(n, { 'bench-mark': mark }));
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref());
      if ((await Promise.race([arrived, timeout])) === 'timeout') throw new Error(`change ${key} did not reach the registry within 30 s`);
      waiters.delete(key);
      latencies.push(seen.get(key)! - sentAt);
    }

    const growth = full.rss - idle.rss;
    console.log('');
    console.log(`server RSS: ${megabytes(idle.rss)} idle, ${megabytes(full.rss)} holding ${full.objects} pods: growth ${megabytes(growth)} (goal ≤ 100 MB: ${verdict(growth <= 100 * 1024 * 1024)}); JS heap ${megabytes(idle.heapUsed)} → ${megabytes(full.heapUsed)} (${((full.heapUsed - idle.heapUsed) / full.objects / 1024).toFixed(2)} KB a pod)`);
    console.log(`pod change → registry event (what the live SSE route sends), ${changes} changes: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${Math.max(...latencies)} ms (goal p95 ≤ 2 s: ${verdict(percentile(latencies, 95) <= 2_000)})`);
  } finally {
    child?.kill();
    // The pods at once (no grace period: nothing runs in them), then the grant with its namespaces.
    await core.deleteCollectionNamespacedPod({ namespace, gracePeriodSeconds: 0 }).catch((error: unknown) => console.error('deleting the pods:', error));
    await deleteObjects(admin, grant);
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && (await core.readNamespace({ name: namespace }).then(() => true, () => false))) await new Promise((resolve) => setTimeout(resolve, 1_000));
    console.log(`removed ${namespace}`);
  }
}

if (process.argv[2] === 'server') {
  server().catch((error: unknown) => {
    process.send?.({ type: 'failed', error: String(error) } satisfies FromServer);
    process.exit(1);
  });
} else {
  bench()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error('bench:watch failed:', error);
      process.exit(1);
    });
}
