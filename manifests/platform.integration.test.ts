// Against the running local testbed (npm run stack:up): every environment passes a server-side
// dry-run with Pod Security `restricted` enforced, and dev, applied for real, becomes available on
// the kwok nodes with its replicas spread as the anti-affinity asks.
import { AppsV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentSpec, Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { applyForReal, kubeServerDryRun } from '@/lib/adapters/kubernetes/kube-server-apply';
import { adminKubeConfig, uniqueName, waitFor } from '@/scripts/stack/test-support';
import { toPlain } from './kube-object';
import { renderPlatform } from './render-platform';
import { withPlatformGrafana } from './validate/fixtures';
import type { PlainObject } from './validate/problem';
import { walletCanary } from './validate/fixtures';
import { checkWithServerDryRun } from './validate/server-dry-run';

let kc: KubeConfig;
const created: PlainObject[] = [];

beforeAll(() => {
  kc = adminKubeConfig();
});

// The render holds nothing outside the environment's namespaces: deleting them removes everything.
afterAll(async () => {
  const core = kc.makeApiClient(CoreV1Api);
  for (const o of created.reverse()) await core.deleteNamespace({ name: o.metadata.name }).catch(() => undefined);
});

/** A seeded environment under a unique name, so tests never touch anyone else's namespaces; staging
 *  and production with a wallet-api canary (weighted and by header), so its Deployment, subset and
 *  routes pass the dry-run too. */
function uniqueSpec(env: string, tier: Tier): EnvironmentSpec {
  const name = uniqueName(`it-${env}`);
  const spec = { ...starterSpec(name, tier), namespace: `pp-${name}` };
  if (tier !== 'development') {
    spec.components['wallet-api'].canary = walletCanary();
  }
  return spec;
}

async function existingNamespaces(): Promise<Set<string>> {
  const list = await kc.makeApiClient(CoreV1Api).listNamespace();
  return new Set(list.items.map((n) => n.metadata?.name ?? ''));
}

/** Creates the environment's namespaces for real (a dry-run cannot create what later objects need). */
async function createNamespaces(objects: PlainObject[]) {
  for (const ns of objects.filter((o) => o.kind === 'Namespace')) {
    created.push(ns);
    await applyForReal(kc, ns);
  }
}

// A development environment that runs its own Grafana (observability.grafana): the Deployment, its
// mesh objects and policies, and the monitoring namespace without an injection label.
it('dev with a platform-run Grafana passes a server-side dry-run, its Grafana pod restricted Pod Security', async () => {
  const spec = withPlatformGrafana(uniqueSpec('grafana', 'development'));
  const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
  await createNamespaces(objects);
  expect(await checkWithServerDryRun(objects.filter((o) => o.kind !== 'Namespace'), kubeServerDryRun(kc))).toEqual([]);
  for (const sa of objects.filter((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'grafana')) await applyForReal(kc, sa);
  const grafana = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'grafana')!;
  await kc.makeApiClient(CoreV1Api).createNamespacedPod({
    namespace: grafana.metadata.namespace ?? '',
    dryRun: 'All',
    body: { metadata: { name: 'grafana-probe', labels: grafana.spec.template.metadata.labels }, spec: grafana.spec.template.spec },
  });
});

describe.each([
  ['dev', 'development'],
  ['staging', 'staging'],
  ['prod', 'production'],
] as const)('%s', (env, tier) => {
  it('passes a server-side dry-run of every object, and its pods pass restricted Pod Security', async () => {
    const spec = uniqueSpec(env, tier);
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    await createNamespaces(objects);
    const namespaces = await existingNamespaces();
    // Nothing outside the environment's own namespaces (Prometheus' roles elsewhere come with the grant).
    expect(objects.filter((o) => (o.metadata.namespace ? !namespaces.has(o.metadata.namespace) : o.kind !== 'Namespace'))).toEqual([]);
    const problems = await checkWithServerDryRun(
      objects.filter((o) => o.kind !== 'Namespace'),
      kubeServerDryRun(kc),
    );
    expect(problems).toEqual([]);

    // Pod admission looks up the ServiceAccount: create those for real (the namespaces are ours).
    for (const sa of objects.filter((o) => o.kind === 'ServiceAccount')) await applyForReal(kc, sa);
    const core = kc.makeApiClient(CoreV1Api);
    const app = objects.find((o) => o.kind === 'Namespace' && o.metadata.labels?.['personapass.dev/role'] === 'applications');
    expect(app?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      const namespace = deployment.metadata.namespace ?? '';
      await core.createNamespacedPod({
        namespace,
        dryRun: 'All',
        body: { metadata: { name: `${deployment.metadata.name}-probe`, labels: deployment.spec.template.metadata.labels }, spec: deployment.spec.template.spec },
      });
    }
    // Enforcement is on: the same namespace refuses a pod that may escalate.
    const pod = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec;
    const privileged = structuredClone(pod);
    privileged.containers[0].securityContext.allowPrivilegeEscalation = true;
    await expect(core.createNamespacedPod({ namespace: spec.namespace, dryRun: 'All', body: { metadata: { name: 'escalating' }, spec: privileged } })).rejects.toThrow(
      /violates PodSecurity .{0,4}restricted/,
    );
  });
});

describe('dev, applied for real', () => {
  it('ends with every Deployment available and replicas spread across nodes and zones', async () => {
    const spec = uniqueSpec('dev', 'development');
    spec.components['wallet-api'].replicas = 3;
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    await createNamespaces(objects);
    const namespaces = await existingNamespaces();
    for (const o of objects.filter((x) => x.kind !== 'Namespace' && namespaces.has(x.metadata.namespace ?? ''))) await applyForReal(kc, o);
    const apps = kc.makeApiClient(AppsV1Api);
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    expect(deployments.length).toBeGreaterThanOrEqual(5);
    for (const d of deployments) {
      await waitFor(
        `Deployment ${d.metadata.namespace}/${d.metadata.name} available`,
        async () => {
          const live = await apps.readNamespacedDeployment({ name: d.metadata.name, namespace: d.metadata.namespace ?? '' });
          const want = live.spec?.replicas ?? 1;
          return (live.status?.availableReplicas ?? 0) >= want && live.status?.updatedReplicas === want;
        },
        120_000,
        500,
      );
    }
    const core = kc.makeApiClient(CoreV1Api);
    const pods = await core.listNamespacedPod({ namespace: spec.namespace, labelSelector: `app.kubernetes.io/name=wallet-api` });
    const nodes = await core.listNode();
    const zoneOf = new Map(nodes.items.map((n) => [n.metadata?.name, n.metadata?.labels?.['topology.kubernetes.io/zone']]));
    const placed = pods.items.map((p) => p.spec?.nodeName);
    expect(placed).toHaveLength(3);
    expect(new Set(placed).size).toBe(3);
    expect(new Set(placed.map((n) => zoneOf.get(n))).size).toBe(3);
  });
});

describe('prod, rolled out for real', () => {
  it('completes a rollout of a new image with one replica per node on every node', async () => {
    const spec = uniqueSpec('prod', 'production');
    // As many replicas as the testbed has nodes: the case where a surge pod would find no node.
    spec.components['wallet-api'].autoscaling.enabled = false;
    spec.components['wallet-api'].replicas = 3;
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    await createNamespaces(objects);
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'wallet-api')!;
    const account = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'wallet-api')!;
    const config = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.namespace === spec.namespace);
    for (const o of [account, ...config, deployment]) await applyForReal(kc, o);
    const apps = kc.makeApiClient(AppsV1Api);
    const rolledOut = (image: string) => async () => {
      const live = await apps.readNamespacedDeployment({ name: 'wallet-api', namespace: spec.namespace });
      const status = live.status ?? {};
      return (
        live.spec?.template.spec?.containers[0]?.image === image &&
        status.observedGeneration === live.metadata?.generation &&
        status.updatedReplicas === 3 &&
        status.availableReplicas === 3 &&
        (status.replicas ?? 0) === 3
      );
    };
    const firstImage = deployment.spec.template.spec.containers[0].image as string;
    await waitFor('first rollout', rolledOut(firstImage), 120_000, 500);

    const next = structuredClone(deployment);
    next.spec.template.spec.containers[0].image = firstImage.replace(/:[^:]+$/, ':9.9.9');
    await applyForReal(kc, next);
    await waitFor('rollout of the new image', rolledOut(next.spec.template.spec.containers[0].image), 120_000, 500);
  });
});
