// The diagnosis and the support bundle end to end through their routes, against the testbed, each
// finding made by a real broken object: a pod whose image cannot be pulled and one crash-looping
// after an OOM kill (kwok Stages on a kwok Node of the test's own, scripts/stack/kwok-trouble-stages.ts),
// a pod no node can take (a nodeSelector no node has: the real kube-scheduler says so), a Service
// whose pods are none of them ready (the real EndpointSlice controller), a NetworkPolicy that lets
// nothing in, and a pod without sidecar in a namespace that injects one. The bundle is extracted
// with the system tar and searched for every planted secret and the cluster credential.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api, NetworkingV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import type { Diagnosis } from '@/lib/core/troubleshoot/diagnosis';
import { getDeps } from '@/lib/server/deps';
import { diagnoseEnvironment } from '@/lib/server/troubleshoot/diagnose-environment';
import { freePort } from '@/lib/test-support/free-port';
import { call, configureRouteEnv, harnessOrigin, tokenFor } from '@/lib/test-support/route-harness';
import { serveRoutes } from '@/lib/test-support/route-server';
import { unique } from '@/lib/test-support/test-deps';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { startLogNode, type LogNode } from '@/scripts/stack/kwok-log-node';
import { testStageAnnotation, troubleStages } from '@/scripts/stack/kwok-trouble-stages';
import { adminKubeConfig, prometheusUrl, steerTraffic, trafficUrl, waitFor } from '@/scripts/stack/test-support';
import * as environmentsRoute from './environments/route';
import * as diagnosisRoute from './environments/[name]/diagnosis/route';
import * as bundleRoute from './environments/[name]/support-bundle/route';
import { GET as getDiagnosis } from './environments/[name]/diagnosis/route';
import { GET as getBundle } from './environments/[name]/support-bundle/route';

const name = unique('trouble');
const namespace = `personapass-${name}`;
const clusterName = unique('trouble-testbed');
const core = adminKubeConfig().makeApiClient(CoreV1Api);
const networking = adminKubeConfig().makeApiClient(NetworkingV1Api);
const fixture = path.resolve('scripts/stack/fixtures/planted-secrets.log');
// Planted in the pods' env and annotations: the bundle keeps neither (trimmed objects), nor their values anywhere.
const plantedObjectSecrets = ['planted-env-password-4471', 'planted-annotation-token-8823'];
const plantedLogSecrets = ['Planted-DbPass-7731', 'planted-signing-secret-9f2k', 'AKIAPLANTED0EXAMPLE1', 'planted-api-key-5521', 'planted.bearer-token_8812XYZ', 'cGxhbnRlZC1qd3Qtc2lnbmF0dXJlLWxvbmctZW5vdWdo', 'Quoted-Pass', 'planted-encoded-secret', 'plantedPEMbodyLineOne', 'plantedPEMbodyLineTwo'];
const pods = { pull: unique('wallet-api-pull'), serving: unique('wallet-api-ok'), unschedulable: unique('identity-service-pending'), oom: unique('credential-worker-oom') };

let logNode: LogNode | undefined;
let revoke: () => Promise<void> = async () => undefined;
let viewer: string;
let operator: string;

function pod(podName: string, component: string, options: { node?: string; stage?: string; nodeSelector?: Record<string, string> } = {}): V1Pod {
  return {
    metadata: {
      name: podName,
      labels: { 'app.kubernetes.io/name': component },
      annotations: { ...(options.stage ? { [testStageAnnotation]: options.stage } : {}), 'example.com/api-token': plantedObjectSecrets[1]! },
    },
    spec: {
      ...(options.node ? { nodeName: options.node } : {}),
      ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
      tolerations: logNode ? [logNode.toleration] : [],
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: component,
          image: options.stage === 'image-pull-backoff' ? 'registry.example.invalid/personapass/wallet-api:does-not-exist' : 'registry.example.invalid/personapass/app:1',
          env: [{ name: 'DB_PASSWORD', value: plantedObjectSecrets[0]! }],
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    },
  };
}

async function diagnosis(token: string, query = ''): Promise<{ status: number; body: Diagnosis }> {
  const response = await call(getDiagnosis, { path: `/api/v1/environments/${name}/diagnosis${query}`, params: { name }, token });
  return { status: response.status, body: response.body };
}

beforeAll(async () => {
  configureRouteEnv();
  await registerTestbedAs(getDeps(), clusterName);
  ({ revoke } = await grantTestbedNamespaces(name, namespace));
  await waitFor(`default ServiceAccount in ${namespace}`, () => core.readNamespacedServiceAccount({ name: 'default', namespace }).catch(() => undefined));
  // The namespace expects the mesh's sidecar; no injector runs on the testbed, so no pod has one.
  await core.patchNamespace({ name: namespace, body: [{ op: 'add', path: '/metadata/labels/istio-injection', value: 'enabled' }] });
  logNode = await startLogNode({ namespace, logsFile: fixture, stages: troubleStages });
  const admin = await tokenFor('admin');
  operator = (await tokenFor('operator')).token;
  viewer = (await tokenFor('viewer')).token;
  const base = starterSpec(name, 'development');
  const spec = { ...base, cluster: clusterName, observability: { ...base.observability, prometheusUrl } };
  const created = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: admin.token, body: { spec } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await core.createNamespacedPod({ namespace, body: pod(pods.pull, 'wallet-api', { node: logNode.node, stage: 'image-pull-backoff' }) });
  await core.createNamespacedPod({ namespace, body: pod(pods.serving, 'wallet-api', { node: logNode.node }) });
  await core.createNamespacedPod({ namespace, body: pod(pods.oom, 'credential-worker', { node: logNode.node, stage: 'oom-crash-loop' }) });
  await core.createNamespacedPod({ namespace, body: pod(pods.unschedulable, 'identity-service', { nodeSelector: { 'personapass.dev/no-such-node': 'true' } }) });
  await core.createNamespacedService({ namespace, body: { metadata: { name: 'identity-service' }, spec: { selector: { 'app.kubernetes.io/name': 'identity-service' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } } });
  await networking.createNamespacedNetworkPolicy({ namespace, body: { metadata: { name: 'deny-all-ingress' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } } });
  await waitFor(`${pods.serving} Running`, async () => (await core.readNamespacedPod({ name: pods.serving, namespace })).status?.phase === 'Running');
  await waitFor(`${pods.pull} ImagePullBackOff`, async () => (await core.readNamespacedPod({ name: pods.pull, namespace })).status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff');
  await waitFor(`${pods.unschedulable} Unschedulable`, async () => (await core.readNamespacedPod({ name: pods.unschedulable, namespace })).status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'));
}, 180_000);

afterAll(async () => {
  for (const podName of Object.values(pods)) await core.deleteNamespacedPod({ name: podName, namespace, gracePeriodSeconds: 0 }).catch(() => undefined);
  await core.deleteNamespacedService({ name: 'identity-service', namespace }).catch(() => undefined);
  await networking.deleteNamespacedNetworkPolicy({ name: 'deny-all-ingress', namespace }).catch(() => undefined);
  await logNode?.stop();
  await revoke();
}, 60_000);

describe('GET /environments/{name}/diagnosis', () => {
  it('finds each broken object, with evidence and what to do', async () => {
    // The watch caches follow the pods' changes: wait until the diagnosis has seen all of them.
    const { body } = await waitFor('every finding', async () => {
      const answer = await diagnosis(viewer);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const whats = answer.body.findings.map((f) => f.what).join('\n');
      return [pods.pull, pods.unschedulable, pods.oom, 'Service identity-service', 'NetworkPolicies select'].every((needle) => whats.includes(needle)) ? answer : undefined;
    }, 60_000, 1000);
    const find = (area: string, needle: string) => body.findings.find((f) => f.area === area && f.what.includes(needle));
    console.log(`diagnosis: ${body.findings.length} findings\n${body.findings.map((f) => `  [${f.area}/${f.severity}] ${f.what} | ${f.evidence.join(' ; ')}`).join('\n')}`);

    expect(body.areas.map((a) => [a.area, a.status])).toEqual([['startup', 'checked'], ['network', 'checked'], ['scaling', 'checked'], ['performance', 'checked']]);
    const pull = find('startup', pods.pull)!;
    expect(pull).toMatchObject({ component: 'wallet-api', severity: 'problem', object: `Pod/${pods.pull}` });
    expect(pull.evidence).toContain('image registry.example.invalid/personapass/wallet-api:does-not-exist');
    expect(pull.evidence).toContain('waiting: ImagePullBackOff');

    const pending = find('startup', pods.unschedulable)!;
    expect(pending.what).toMatch(/Pending: the scheduler cannot place it/);
    expect(pending.evidence.join('\n')).toMatch(/scheduler: 0\/\d+ nodes are available: .*didn't match Pod's node affinity\/selector/);
    expect(pending.action).toMatch(/nodeSelector/);

    const oom = find('startup', pods.oom)!;
    expect(oom.what).toBe(`container credential-worker of pod ${pods.oom} was killed for using more memory than its limit of ${starterSpec(name, 'development').components['credential-worker'].resources.limits.memory}`);
    expect(oom.evidence[0]).toBe('last termination: OOMKilled, exit code 137 at 2026-12-02T09:00:30Z');

    const service = find('network', 'Service identity-service')!;
    expect(service).toMatchObject({ component: 'identity-service', severity: 'problem', object: 'Service/identity-service' });
    expect(service.evidence).toContain('1 pod match it, 0 ready');

    const blocked = body.findings.filter((f) => f.area === 'network' && f.what.startsWith('NetworkPolicies select wallet-api'));
    expect(blocked.map((f) => f.what)).toContain("NetworkPolicies select wallet-api's pods but let no traffic in from the ingress gateway on port 8080");
    expect(blocked[0]!.evidence[0]).toBe('NetworkPolicy deny-all-ingress selects (all pods) with no ingress rule (denies all)');

    const sidecar = find('network', "run without the mesh's sidecar")!;
    expect(sidecar.evidence[0]).toBe(`namespace ${namespace} is labelled istio-injection=enabled`);
  }, 90_000);

  it('narrows to one component', async () => {
    const { status, body } = await diagnosis(viewer, '?component=identity-service');
    expect(status).toBe(200);
    expect(body.components).toEqual(['identity-service']);
    expect(new Set(body.findings.map((f) => f.component))).toEqual(new Set(['identity-service']));
  });

  it("compares the stack Prometheus' real series with the alert thresholds", async () => {
    // The synthetic traffic of this namespace's wallet-api: slow, failing, at its CPU limit and near its memory limit.
    await steerTraffic({ workload: 'wallet-api', namespace, latencyMs: 900, errorRatio: 0.2, cpuCores: 0.97, memoryBytes: 1990 * 1024 * 1024 });
    try {
      // Ratios, quantiles and gauges show at once; a CPU rate over the rules' 5-minute window needs
      // five minutes of samples to reach the limit (the unit tests cover that finding).
      const performance = await waitFor(
        'the latency, error and memory findings',
        async () => {
          const found = (await diagnosis(viewer, '?component=wallet-api')).body.findings.filter((f) => f.area === 'performance');
          const whats = found.map((f) => f.what).join('\n');
          return ['p95 latency', 'fail with 5xx', 'memory limit'].every((needle) => whats.includes(needle)) ? found : undefined;
        },
        120_000,
        3000,
      );
      const find = (needle: string) => performance.find((f) => f.what.includes(needle))!;
      expect(find('p95 latency')).toMatchObject({ severity: 'problem', what: expect.stringMatching(/^wallet-api's p95 latency is \d+ ms, above the alert threshold of 500 ms$/) });
      expect(find('fail with 5xx')).toMatchObject({ severity: 'problem', what: "20% of wallet-api's requests fail with 5xx, above the 5% alert threshold" });
      expect(find('memory limit')).toMatchObject({ severity: 'warning', what: 'wallet-api uses 97.2% of its memory limit: it will be OOM-killed if it grows' });
      expect(find('memory limit').evidence[0]).toBe('highest pod working set: 97.2% of the 2Gi limit (PersonaPassHighMemoryUsage fires above 90%)');
    } finally {
      await fetch(`${trafficUrl}/control?namespace=${namespace}`, { method: 'DELETE' });
    }
  }, 180_000);

  it('says the performance part is unavailable when Prometheus is down, and still judges the rest', async () => {
    const head = (await getDeps().environments.findHead(name))!;
    const closed = await freePort();
    const spec = { ...head.spec, observability: { ...head.spec.observability, prometheusUrl: `http://127.0.0.1:${closed}` } };
    const answer = await diagnoseEnvironment(getDeps(), spec);
    expect(answer.areas.find((a) => a.area === 'performance')).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(new RegExp(`127\\.0\\.0\\.1:${closed}`)) });
    expect(answer.areas.filter((a) => a.status === 'checked').map((a) => a.area)).toEqual(['startup', 'network', 'scaling']);
    expect(answer.findings.some((f) => f.what.includes(pods.pull))).toBe(true);
  });
});

describe('GET /environments/{name}/support-bundle', () => {
  it('is refused to viewers', async () => {
    const response = await call(getBundle, { path: `/api/v1/environments/${name}/support-bundle`, params: { name }, token: viewer });
    expect(response.status).toBe(403);
  });

  it('packs the diagnosis, objects, events, redacted logs, alerts, runs and plans, and no secret or credential', async () => {
    const response = await getBundle(new Request(`${harnessOrigin}/api/v1/environments/${name}/support-bundle`, { headers: { authorization: `Bearer ${operator}` } }), { params: Promise.resolve({ name }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${name}-support-[0-9TZ-]+\\.tar\\.gz"$`));
    const dir = mkdtempSync(path.join(tmpdir(), 'bundle-'));
    try {
      const file = path.join(dir, 'bundle.tar.gz');
      writeFileSync(file, Buffer.from(await response.arrayBuffer()));
      execFileSync('tar', ['-xzf', file, '-C', dir]);
      const [root] = readdirSync(dir).filter((entry) => entry !== 'bundle.tar.gz');
      const files = readdirSync(path.join(dir, root!), { recursive: true, encoding: 'utf8' }).filter((entry) => entry.includes('.'));
      expect(files).toEqual(expect.arrayContaining(['README.txt', 'diagnosis.json', 'environment.json', 'events.json', 'alerts.json', 'runs.json', 'plans.json', 'objects/Pod.json', 'objects/namespace.json', `logs/${pods.serving}_wallet-api.log`]));
      const read = (entry: string) => readFileSync(path.join(dir, root!, entry), 'utf8');
      const everything = files.map(read).join('\n');
      expect(JSON.parse(read('diagnosis.json')).findings.some((f: { what: string }) => f.what.includes(pods.pull))).toBe(true);
      expect(read(`logs/${pods.serving}_wallet-api.log`)).toContain('wallet-api ready on :8080');
      expect(JSON.parse(read('objects/namespace.json')).networkPolicies.map((p: { name: string }) => p.name)).toContain('deny-all-ingress');
      // The pods' events (scheduling, kwok's) are there.
      expect(JSON.parse(read('events.json')).length).toBeGreaterThan(0);
      // Searched as grep would: every planted value, and the console's credential to the cluster.
      const credential = testbedCluster(clusterName).credential;
      const credentialParts = credential.kind === 'token' ? [credential.token, credential.token.split('.')[2]!] : [credential.key.split('\n')[1]!];
      const leaked = [...plantedLogSecrets, ...plantedObjectSecrets, ...credentialParts].filter((secret) => everything.includes(secret));
      expect(leaked).toEqual([]);
      console.log(`bundle: ${files.length} files, ${statSync(file).size} bytes: ${files.join(', ')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('personapass troubleshoot', () => {
  it('prints the findings, exits 2 on a problem, and writes the support bundle with --bundle', async () => {
    const served = await serveRoutes([
      [/^\/api\/v1\/environments\/(?<name>[^/]+)\/diagnosis$/, diagnosisRoute],
      [/^\/api\/v1\/environments\/(?<name>[^/]+)\/support-bundle$/, bundleRoute],
    ]);
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-bundle-'));
    try {
      const file = path.join(dir, 'support.tar.gz');
      const result = await promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', 'troubleshoot', name, '--component', 'wallet-api', '--bundle', file], {
        env: { ...process.env, PERSONAPASS_URL: served.baseUrl, PERSONAPASS_TOKEN: operator },
      }).then(
        (ok) => ({ code: 0, ...ok }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toContain(`PROBLEM [pod start-up] wallet-api: container wallet-api of pod ${pods.pull} cannot pull its image`);
      expect(result.stdout).toContain('    what to do: Check that registry.example.invalid/personapass/wallet-api:does-not-exist exists');
      expect(result.stdout).toMatch(/support bundle written to .*support\.tar\.gz \(\d+ bytes\)/);
      expect(execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })).toMatch(/\/diagnosis\.json/);
      expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
      // A viewer gets the diagnosis but not the bundle.
      const refused = await promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', 'troubleshoot', name, '--bundle', file], {
        env: { ...process.env, PERSONAPASS_URL: served.baseUrl, PERSONAPASS_TOKEN: viewer },
      }).catch((error: { code: number; stderr: string }) => error);
      expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('403 forbidden') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await served.close();
    }
  }, 90_000);
});
