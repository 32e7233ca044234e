// GET /environments/{name}/components/{component}/logs end to end through its route handler,
// against the testbed: a pod of wallet-api on a fake Node whose kubelet (a second kwok, see
// scripts/stack/kwok-log-node.ts) serves a fixture log with planted secrets, read through the API
// server's pods/log as the console's ServiceAccount. The secrets never reach the HTTP answer; other
// components' and other namespaces' pods are not reachable by name; a kubelet that cannot serve
// logs (the shared kwok's Nodes) answers "logs unavailable".
import path from 'node:path';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { redactionMarker } from '@/lib/core/logs/redact-log-line';
import { getDeps } from '@/lib/server/deps';
import { call, configureRouteEnv, harnessOrigin, tokenFor } from '@/lib/test-support/route-harness';
import { unique } from '@/lib/test-support/test-deps';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { startLogNode, type LogNode } from '@/scripts/stack/kwok-log-node';
import { adminKubeConfig, waitFor } from '@/scripts/stack/test-support';
import * as environmentsRoute from './environments/route';
import { GET } from './environments/[name]/components/[component]/logs/route';

const name = unique('logs');
const namespace = `personapass-${name}`;
const core = adminKubeConfig().makeApiClient(CoreV1Api);
const fixture = path.resolve('scripts/stack/fixtures/planted-secrets.log');
// Every secret planted in the fixture, as it would appear if it leaked.
const planted = [
  'Planted-DbPass-7731',
  'planted-signing-secret-9f2k',
  'AKIAPLANTED0EXAMPLE1',
  'planted-api-key-5521',
  'planted.bearer-token_8812XYZ',
  'cGxhbnRlZC1qd3Qtc2lnbmF0dXJlLWxvbmctZW5vdWdo',
  'Quoted-Pass',
  'planted-encoded-secret-31',
  'planted-encoded-secret',
  'plantedPEMbodyLineOne',
  'plantedPEMbodyLineTwo',
];

let logNode: LogNode | undefined;
let revoke: () => Promise<void> = async () => undefined;
let operator: string;
const clusterName = unique('logs-testbed');
let viewer: string;
const pods = { wallet: unique('wallet-api'), identity: unique('identity-service'), elsewhere: unique('wallet-api'), unserved: unique('wallet-api') };

function pod(podName: string, component: string, nodeName: string, containers = [component]): V1Pod {
  return {
    metadata: { name: podName, labels: { 'app.kubernetes.io/name': component } },
    spec: {
      nodeName,
      tolerations: logNode ? [logNode.toleration] : [],
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      containers: containers.map((container) => ({ name: container, image: 'example.invalid/app:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } })),
    },
  };
}

async function readLogs(token: string, query: string, component = 'wallet-api') {
  const response = await GET(new Request(`${harnessOrigin}/api/v1/environments/${name}/components/${component}/logs?${query}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ name, component }) });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

beforeAll(async () => {
  configureRouteEnv();
  const cluster = clusterName;
  await registerTestbedAs(getDeps(), cluster);
  ({ revoke } = await grantTestbedNamespaces(name, namespace));
  await waitFor(`default ServiceAccount in ${namespace}`, () => core.readNamespacedServiceAccount({ name: 'default', namespace }).catch(() => undefined));
  logNode = await startLogNode({ namespace, logsFile: fixture });
  const admin = await tokenFor('admin');
  operator = (await tokenFor('operator')).token;
  viewer = (await tokenFor('viewer')).token;
  const created = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: admin.token, body: { spec: { ...starterSpec(name, 'development'), cluster } } });
  expect(created.status).toBe(201);
  await core.createNamespacedPod({ namespace, body: pod(pods.wallet, 'wallet-api', logNode.node, ['wallet-api', 'istio-proxy']) });
  await core.createNamespacedPod({ namespace, body: pod(pods.identity, 'identity-service', logNode.node) });
  await core.createNamespacedPod({ namespace: `${namespace}-monitoring`, body: pod(pods.elsewhere, 'wallet-api', logNode.node) });
  // On a Node of the shared kwok, whose kubelet the API server cannot reach.
  await core.createNamespacedPod({ namespace, body: pod(pods.unserved, 'wallet-api', 'kwok-node-a') });
  await waitFor(`${pods.wallet} Running`, async () => (await core.readNamespacedPod({ name: pods.wallet, namespace })).status?.phase === 'Running');
}, 120_000);

afterAll(async () => {
  for (const [podName, ns] of [[pods.wallet, namespace], [pods.identity, namespace], [pods.unserved, namespace], [pods.elsewhere, `${namespace}-monitoring`]] as const) {
    await core.deleteNamespacedPod({ name: podName, namespace: ns, gracePeriodSeconds: 0 }).catch(() => undefined);
  }
  await logNode?.stop();
  await revoke();
}, 60_000);

describe('GET /environments/{name}/components/{component}/logs', () => {
  it("serves the pod's log through the API server with every planted secret redacted on the server", async () => {
    const { status, text, body } = await readLogs(operator, `pod=${pods.wallet}&tail=100`);
    expect(status, text).toBe(200);
    expect(body.pod).toBe(pods.wallet);
    expect(body.container).toBe('wallet-api');
    expect(body.lines).toHaveLength(15);
    expect(body.lines[0]).toBe('wallet-api 1.4.2 starting commit=3f9a2b1c4d5e6f708192a3b4c5d6e7f801234567');
    expect(body.lines).toContain('wallet-api ready on :8080');
    expect(body.lines).toContain('request_id=3fa85f64-5717-4562-b3fc-2c963f66afa6 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 served in 8ms');
    expect(body.lines).toContain(`config loaded DATABASE_URL=postgres://wallet:${redactionMarker}@db.personapass-dev.svc:5432/wallet`);
    const leaked = planted.filter((secret) => text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1)));
    expect(leaked).toEqual([]);
    expect(body.redactions).toBeGreaterThanOrEqual(planted.length - 1);
    console.log(`logs: ${body.lines.length} lines, ${body.redactions} redactions, e.g. ${body.lines.find((line: string) => line.includes('WALLET_SIGNING_SECRET'))}`);
  });

  it('lists only the component pods of the namespace for the pickers', async () => {
    const { body } = await readLogs(operator, `pod=${pods.wallet}&tail=1`);
    const names = body.pods.map((p: { name: string }) => p.name);
    expect(names).toContain(pods.wallet);
    expect(names).not.toContain(pods.identity);
    expect(names).not.toContain(pods.elsewhere);
    expect(body.pods.find((p: { name: string }) => p.name === pods.wallet).containers).toEqual(['wallet-api', 'istio-proxy']);
  });

  // Review 10b (attacker): the API server sent only the last `tail` lines, so a value whose key,
  // BEGIN line or opening quote was just above them reached the browser unredacted.
  it('never shows a secret whose key or BEGIN line fell just outside a short tail', async () => {
    for (const tail of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { status, text } = await readLogs(operator, `pod=${pods.wallet}&tail=${tail}`);
      expect(status).toBe(200);
      const leaked = planted.filter((secret) => text.includes(secret));
      expect(leaked, `tail=${tail}`).toEqual([]);
      // With the API server's time before each line, too.
      const stamped = await readLogs(operator, `pod=${pods.wallet}&tail=${tail}&timestamps=true`);
      expect(stamped.body.lines, `tail=${tail} timestamps`).toHaveLength(tail);
      expect(planted.filter((secret) => stamped.text.includes(secret)), `tail=${tail} timestamps`).toEqual([]);
    }
    console.log(`tail=4: ${JSON.stringify((await readLogs(operator, `pod=${pods.wallet}&tail=4`)).body.lines.slice(0, 2))}`);
  });

  it('passes tail, timestamps and the container on', async () => {
    const tail = await readLogs(operator, `pod=${pods.wallet}&tail=2`);
    expect(tail.body.lines).toEqual(['request_id=3fa85f64-5717-4562-b3fc-2c963f66afa6 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 served in 8ms', 'wallet-api ready on :8080']);
    const stamped = await readLogs(operator, `pod=${pods.wallet}&tail=1&timestamps=true`);
    expect(stamped.body.lines).toEqual(['2026-12-02T07:00:14.000000000Z wallet-api ready on :8080']);
    const sidecar = await readLogs(operator, `pod=${pods.wallet}&container=istio-proxy&tail=1`);
    expect(sidecar.status).toBe(200);
    expect(sidecar.body.container).toBe('istio-proxy');
    const missing = await readLogs(operator, `pod=${pods.wallet}&container=redis`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('has no container redis');
  });

  it("refuses another component's pod, another namespace's pod and a pod that does not exist, by name", async () => {
    for (const podName of [pods.identity, pods.elsewhere, 'kube-apiserver', 'etcd-0']) {
      const { status, body } = await readLogs(operator, `pod=${podName}`);
      expect(status, podName).toBe(404);
      expect(body.error.message).toContain(`is not a pod of wallet-api in ${name}`);
    }
    // The other component's own route reads its pod.
    expect((await readLogs(operator, `pod=${pods.identity}&tail=1`, 'identity-service')).status).toBe(200);
  });

  it("reads the pods from the shared watch cache when one already follows the namespace, with the same answers", async () => {
    const live = getDeps().live.state;
    const subscription = live.subscribe({ cluster: clusterName, kind: 'Pod', namespace }, () => undefined);
    // The same source the route gets (one per cluster): counts the labelled lists it is asked for.
    const source = await getDeps().podLogs.forCluster(clusterName);
    const findPods = source.findPods;
    let lists = 0;
    source.findPods = (...args) => {
      lists++;
      return findPods.apply(source, args);
    };
    try {
      await waitFor('the Pod watch synced', async () => subscription.status().synced);
      const { status, body } = await readLogs(operator, `pod=${pods.wallet}&tail=1`);
      expect(status).toBe(200);
      // (pods serving a log come first, then by name: the order depends on the kubelets' readiness)
      expect(body.pods.map((p: { name: string }) => p.name).sort()).toEqual([pods.wallet, pods.unserved].sort());
      expect(body.pods.find((p: { name: string }) => p.name === pods.wallet).containers).toEqual(['wallet-api', 'istio-proxy']);
      expect((await readLogs(operator, `pod=${pods.identity}`)).status).toBe(404);
      expect(lists).toBe(0);
    } finally {
      source.findPods = findPods;
      subscription.close();
    }
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await call((await import('./openapi.json/route')).GET, { path: '/api/v1/openapi.json' })).body;
    const operation = document.paths['/environments/{name}/components/{component}/logs'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(['name', 'component', 'pod', 'container', 'tail', 'timestamps', 'sinceSeconds']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '403', '404', '503']));
  });

  it('refuses viewers', async () => {
    const { status, body } = await readLogs(viewer, `pod=${pods.wallet}`);
    expect(status).toBe(403);
    expect(body.error.message).toContain('operator role');
    expect(JSON.stringify(body)).not.toContain('wallet-api 1.4.2');
  });

  it('says "logs unavailable" when the kubelet cannot serve them, with what the API server answered', async () => {
    await waitFor(`${pods.unserved} bound`, async () => (await core.readNamespacedPod({ name: pods.unserved, namespace })).spec?.nodeName === 'kwok-node-a');
    const { status, body } = await readLogs(operator, `pod=${pods.unserved}`);
    expect(status).toBe(503);
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toMatch(/^logs unavailable: /);
    console.log(`unserved pod: ${body.error.message}`);
  });
});
