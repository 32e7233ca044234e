// The gateway against the real testbed API server, as the console's ServiceAccount in a namespace
// granted to it with console-environment.yaml (as a real cluster grants it), and every error class
// for real: a namespace it may not write, a field another manager owns, an invalid object, a closed
// port and a silent server.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { toPlain } from '@/manifests/kube-object';
import { renderPlatform } from '@/manifests/render-platform';
import { adminKubeConfig, applyObjects, consoleEnvironmentObjects, deleteObjects, uniqueName, waitFor } from '@/scripts/stack/test-support';
import { KubeClusterGateway } from './kube-cluster-gateway';

const testbed = testbedCluster('testbed');
const environment = uniqueName('gw');
const namespace = `personapass-${environment}`;
const grant = consoleEnvironmentObjects(environment, namespace);
const gateway = new KubeClusterGateway(testbed, { timeoutMs: 10_000 });
const servers: Server[] = [];

const configMap = (name: string, data: Record<string, string>): PlainObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });
const ref = (object: PlainObject) => ({ apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name });

beforeAll(() => applyObjects(adminKubeConfig(), grant), 60_000);
afterAll(async () => {
  servers.forEach((server) => server.close());
  await gateway.close();
  await deleteObjects(adminKubeConfig(), grant);
}, 60_000);

async function listen(): Promise<number> {
  const server = createServer(() => undefined);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('KubeClusterGateway against the testbed, as the console ServiceAccount', () => {
  it('dry-runs without writing, applies as personapass-console, reads and deletes', async () => {
    const object = configMap('gw-basic', { a: '1' });
    const dryRun = await gateway.dryRunApply(object);
    expect(dryRun.data).toEqual({ a: '1' });
    expect(await gateway.get(ref(object))).toBeNull();

    const applied = await gateway.apply(object, { force: false });
    expect((applied.metadata.managedFields as Array<{ manager: string }>).map((entry) => entry.manager)).toEqual(['personapass-console']);
    expect((await gateway.get(ref(object)))?.data).toEqual({ a: '1' });
    // A re-apply of the same object writes nothing: its resourceVersion stays.
    const again = await gateway.apply(object, { force: false });
    expect(again.metadata.resourceVersion).toBe(applied.metadata.resourceVersion);

    expect(await gateway.delete(ref(object))).toBe('deleted');
    await waitFor('the ConfigMap to be gone', async () => (await gateway.get(ref(object))) === null);
    expect(await gateway.delete(ref(object))).toBe('absent');
  });

  it('keeps fields its models would not know: the body goes to the server as rendered', async () => {
    // An unknown field must reach the API server (which refuses it), not be dropped on the way.
    const object = { ...configMap('gw-unknown', { a: '1' }), futureField: true } as PlainObject;
    await expect(gateway.dryRunApply(object)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('cluster testbed refused configmaps in namespace'),
      issues: [{ path: 'futureField', message: 'field not declared in schema' }],
    });
  });

  it('403: a namespace the console may not write is Forbidden naming the verb and resource', async () => {
    const object = { ...configMap('gw-forbidden', { a: '1' }), metadata: { name: 'gw-forbidden', namespace: 'kube-system' } };
    await expect(gateway.dryRunApply(object)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/^cluster testbed does not let the console patch configmaps in namespace kube-system named gw-forbidden \(403\): .*cannot patch resource "configmaps"/),
      details: { cluster: 'testbed', verb: 'patch', resource: 'configmaps', namespace: 'kube-system', name: 'gw-forbidden' },
    });
    await expect(gateway.get({ apiVersion: 'v1', kind: 'Secret', namespace, name: 'alertmanager-personapass' })).rejects.toMatchObject({
      code: 'forbidden',
      details: { verb: 'get', resource: 'secrets' },
    });
  });

  it('409: a field another manager owns is a Conflict with the field path and the owning manager; force takes it', async () => {
    const object = configMap('gw-conflict', { a: '1', b: '2' });
    await gateway.apply(object, { force: false });
    // The cluster's administrator takes data.a with kubectl's field manager.
    await adminApplyAs('kubectl', configMap('gw-conflict', { a: 'changed-by-kubectl' }));
    const conflict = {
      code: 'conflict',
      message: expect.stringContaining('.data.a (owned by kubectl)'),
      details: { cluster: 'testbed', verb: 'patch', resource: 'configmaps', namespace, name: 'gw-conflict', conflicts: [{ field: '.data.a', manager: 'kubectl' }] },
    };
    await expect(gateway.dryRunApply(object)).rejects.toMatchObject(conflict);
    await expect(gateway.apply(object, { force: false })).rejects.toMatchObject(conflict);
    expect((await gateway.get(ref(object)))?.data).toEqual({ a: 'changed-by-kubectl', b: '2' });
    expect((await gateway.dryRunApply(object, { force: true })).data).toEqual({ a: '1', b: '2' });
    expect((await gateway.get(ref(object)))?.data).toEqual({ a: 'changed-by-kubectl', b: '2' });
    expect((await gateway.apply(object, { force: true })).data).toEqual({ a: '1', b: '2' });
  });

  it('422: an invalid object is InvalidInput with the server’s causes as field paths', async () => {
    const deployment: PlainObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'gw-invalid', namespace },
      spec: { replicas: -1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'c' } }, spec: { containers: [] } } },
    };
    await expect(gateway.dryRunApply(deployment)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('cluster testbed refused deployments.apps in namespace'),
      issues: expect.arrayContaining([
        { path: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' },
        { path: 'spec.template.spec.containers', message: 'Required value' },
      ]),
    });
  });

  it('a kind the cluster does not serve is InvalidInput naming it', async () => {
    await expect(gateway.dryRunApply({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'cluster testbed does not serve example.com/v1 (is its CustomResourceDefinition installed?)',
    });
  });

  it('compares a write-only Secret without reading it: absent, unchanged, or the fields that differ', async () => {
    const secret = (routing: string): PlainObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'alertmanager-personapass', namespace },
      data: { 'alertmanager.yaml': Buffer.from(routing).toString('base64') },
    });
    expect(await gateway.compareWriteOnly(secret('route: a'))).toEqual({ exists: false, changedFields: [] });
    await gateway.apply(secret('route: a'), { force: false });
    expect(await gateway.compareWriteOnly(secret('route: a'))).toEqual({ exists: true, changedFields: [] });
    expect(await gateway.compareWriteOnly(secret('route: b'))).toEqual({ exists: true, changedFields: ['.data.alertmanager.yaml'] });
    const withLabel = secret('route: a');
    withLabel.metadata.labels = { team: 'sre' };
    expect(await gateway.compareWriteOnly(withLabel)).toEqual({ exists: true, changedFields: ['.metadata.labels.team'] });
  });

  it('reports a rollout: complete once kwok runs the pods, and a pod that cannot be scheduled with the scheduler’s message', async () => {
    const spec = { ...starterSpec(environment, 'development'), namespace };
    const rendered = renderPlatform(spec).map(toPlain) as PlainObject[];
    const serviceAccount = rendered.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'wallet-api')!;
    const deployment = rendered.find((o) => o.kind === 'Deployment' && o.metadata.name === 'wallet-api')!;
    await gateway.apply(serviceAccount, { force: false });
    await gateway.apply(deployment, { force: false });
    const deploymentRef = ref(deployment);
    const complete = await waitFor('the wallet-api rollout', async () => ((await gateway.rolloutStatus(deploymentRef)).complete ? gateway.rolloutStatus(deploymentRef) : undefined), 60_000, 500);
    expect(complete).toMatchObject({ complete: true, wanted: 1, updated: 1, ready: 1, available: 1, problems: [], stalled: false });

    const huge = structuredClone(deployment) as any;
    huge.spec.template.spec.containers[0].resources = { requests: { cpu: '100000', memory: '1Gi' }, limits: { cpu: '100000', memory: '1Gi' } };
    await gateway.apply(huge, { force: false });
    const stuck = await waitFor('a pending pod', async () => {
      const status = await gateway.rolloutStatus(deploymentRef);
      return status.problems.length > 0 ? status : undefined;
    }, 60_000, 500);
    expect(stuck.complete).toBe(false);
    expect(stuck.problems).toEqual([{ pod: expect.stringMatching(/^wallet-api-/), reason: 'Pending', message: expect.stringMatching(/0\/\d+ nodes are available: .*Insufficient cpu/) }]);
  }, 150_000);

  it('a closed port is Unavailable naming the cluster and its URL', async () => {
    const port = await listen();
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const apiServerUrl = `https://127.0.0.1:${port}`;
    const closed = new KubeClusterGateway({ ...testbed, apiServerUrl }, { timeoutMs: 2_000 });
    await expect(closed.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name: 'x' })).rejects.toMatchObject({
      code: 'unavailable',
      message: `cluster testbed at ${apiServerUrl} is unreachable (ECONNREFUSED)`,
    });
    await closed.close();
  });

  it('a server that never answers is Unavailable after the deadline', async () => {
    const apiServerUrl = `https://127.0.0.1:${await listen()}`;
    const silent = new KubeClusterGateway({ ...testbed, apiServerUrl }, { timeoutMs: 700 });
    const started = Date.now();
    await expect(silent.dryRunApply(configMap('x', {}))).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^cluster testbed at https:\/\/127\.0\.0\.1:\d+ did not answer discover \/api\/v1 within 0\.7s$/) });
    expect(Date.now() - started).toBeLessThan(3_000);
    await silent.close();
  });
});

/** A forced server-side apply by the cluster's administrator under another field manager, as `kubectl apply --server-side --force-conflicts` does it. */
function adminApplyAs(manager: string, object: PlainObject): Promise<void> {
  return applyObjects(adminKubeConfig(), [object as never], manager);
}
