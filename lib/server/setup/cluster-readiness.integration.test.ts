// A cluster's readiness report on the real testbed: a development environment there passes every
// check; the same API server reached through a proxy that hides the keda.sh API group (404 in
// discovery and for requests; the shared testbed keeps its CRDs) fails the custom-resources check
// and says to install KEDA, while the other checks still pass; a cluster that refuses connections
// fails each check alone, "could not read"; viewers are refused before the cluster is asked.
import { readFileSync } from 'node:fs';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import type { ReadinessReport } from '@/lib/core/setup/readiness';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { apiGroupHidingProxy } from '@/lib/test-support/api-group-hiding-proxy';
import { ensureCluster } from '@/lib/test-support/fixture-cluster';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { testbedStorageClass } from '@/lib/test-support/testbed-volumes';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { adminKubeConfig, applyObjects } from '@/scripts/stack/test-support';
import { getClusterReadiness } from './get-cluster-readiness';

const db = createTestDb();
const deps = createTestDeps(db);
const cluster = unique('ready');
const withoutKeda = unique('ready-nokeda');
const refusing = unique('ready-refused');
const environment = unique('ready-dev');
const spec = { ...starterSpec(environment, 'development'), cluster };
let proxy: Awaited<ReturnType<typeof apiGroupHidingProxy>>;
let grant: { revoke: () => Promise<void> };
let operator: Actor, viewer: Actor;

/** console-rbac.yaml's cluster-wide role as this branch grants it (list StorageClasses), applied as the stack applies it. */
function consoleClusterRole(): KubernetesObject[] {
  return parseAllDocuments(readFileSync('scripts/stack/manifests/console-rbac.yaml', 'utf8'))
    .map((doc) => doc.toJS() as KubernetesObject)
    .filter((doc) => doc.kind === 'ClusterRole' && doc.metadata?.name === 'personapass-console-cluster');
}

const byId = (report: ReadinessReport) => Object.fromEntries(report.checks.map((check) => [check.id, check]));

beforeAll(async () => {
  await applyObjects(adminKubeConfig(), consoleClusterRole(), 'personapass-stack');
  await registerTestbedAs(deps, cluster);
  const testbed = testbedCluster(withoutKeda);
  proxy = await apiGroupHidingProxy(testbed.apiServerUrl, ['keda.sh']);
  await ensureCluster(deps, withoutKeda, { ...testbed, name: withoutKeda, apiServerUrl: proxy.url });
  await ensureCluster(deps, refusing, { ...testbed, name: refusing, apiServerUrl: 'https://127.0.0.1:1' });
  [operator, viewer] = await Promise.all([createActor(deps, 'operator'), createActor(deps, 'viewer')]);
  grant = await grantTestbedNamespaces(environment, spec.namespace);
  await createEnvironment(contextFor(deps, await createActor(deps, 'admin')), { spec, changeNote: 'readiness test' });
}, 120_000);
afterAll(async () => {
  await grant?.revoke();
  await proxy?.close();
  await db.$disconnect();
}, 120_000);

describe('cluster readiness on the testbed', () => {
  it('passes every check for a development environment on the testbed', async () => {
    const report = await getClusterReadiness(contextFor(deps, operator), cluster);
    console.log(report.checks.map((check) => `${check.id}: ${check.status}: ${check.summary}`).join('\n'));
    expect(report.checks.filter((check) => check.status !== 'pass')).toEqual([]);
    expect(report.status).toBe('pass');
    expect(report.environments).toEqual([{ name: environment, tier: 'development', namespace: spec.namespace, namespaces: [spec.namespace, `${spec.namespace}-monitoring`, `${spec.namespace}-tracing`] }]);
    const checks = byId(report);
    // Other tests may add a node of their own (tainted, so not counted) to the shared testbed.
    expect(checks.nodes!.summary).toMatch(/^\d+ ready, schedulable nodes in \d+ zones \(zone-a, zone-b, zone-c/);
    expect(checks['custom-resources']!.details).toContainEqual(expect.stringMatching(/^keda\.sh\/v1alpha1: ScaledObject/));
    expect(checks['default-storage-class']!.summary).toContain(testbedStorageClass);
  }, 60_000);

  it('fails the custom resources where KEDA is not served, and says to install KEDA', async () => {
    const report = await getClusterReadiness(contextFor(deps, operator), withoutKeda);
    const checks = byId(report);
    expect(report.status).toBe('fail');
    expect(checks['custom-resources']).toMatchObject({ status: 'fail', summary: 'missing the custom resources of KEDA' });
    expect(checks['custom-resources']!.details).toEqual([expect.stringMatching(/^KEDA: keda\.sh\/v1alpha1 is not served \(.*ScaledObject.*TriggerAuthentication/)]);
    expect(checks['custom-resources']!.remedy).toContain('helm install keda kedacore/keda');
    expect(proxy.hits).toContain('/apis/keda.sh/v1alpha1');
    // Everything else reads the same API server through the proxy and still passes.
    expect(report.checks.filter((check) => check.id !== 'custom-resources').map((check) => `${check.id} ${check.status}`)).toEqual(
      ['kubernetes-version pass', 'nodes pass', 'console-rights pass', 'default-storage-class pass', 'pod-security pass'],
    );
  }, 60_000);

  it('fails each check alone, "could not read", on a cluster that refuses connections', async () => {
    const report = await getClusterReadiness(contextFor(deps, operator), refusing);
    expect(report.status).toBe('fail');
    for (const check of report.checks.filter((item) => item.id !== 'pod-security')) {
      expect(check.status, check.id).toBe('fail');
      expect(check.summary + check.details.join(' '), check.id).toMatch(/could not (read|review)/);
      expect(check.summary + check.details.join(' '), check.id).toContain('unreachable');
    }
  }, 60_000);

  it('refuses viewers, and answers NotFound for a cluster nobody registered', async () => {
    await expect(getClusterReadiness(contextFor(deps, viewer), cluster)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(getClusterReadiness(contextFor(deps, operator), unique('nowhere'))).rejects.toMatchObject({ code: 'not_found' });
  });
});
