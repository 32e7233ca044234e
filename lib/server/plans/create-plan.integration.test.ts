// Plans against the real testbed, as the console's ServiceAccount, in namespaces granted to it as a
// cluster administrator grants them: an empty target, a re-plan after the plan was carried out, an
// image change, a removed component, a field another manager owns, replicas an autoscaler changed,
// a revision the cluster's admission refuses, and who may plan what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { canonicalJson } from '@/lib/core/canonical-json';
import type { PlanObjectRecord, PlanRecord } from '@/lib/core/ports';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { updateEnvironment } from '@/lib/server/environments/update-environment';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { carryOutPlan, grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { appliedForm } from '@/lib/core/deploy/plan-object-form';
import { componentOf } from '@/lib/core/deploy/plan-summary';
import { objectId, toPlain } from '@/manifests/kube-object';
import { renderPlatform } from '@/manifests/render-platform';
import { adminKubeConfig, applyObjects, uniqueName } from '@/scripts/stack/test-support';
import { KubeHttp } from '@/lib/adapters/kubernetes/kube-http';
import { testbedCluster, testbedPem } from '@/lib/test-support/testbed-cluster';
import { createPlan } from './create-plan';

const db = createTestDb();
const deps = createTestDeps(db);
const environment = uniqueName('pl');
const namespace = `personapass-${environment}`;
const cluster = unique('plan-testbed');
let grant: { revoke: () => Promise<void> };
let admin: Actor;
let operator: Actor;
let spec: EnvironmentSpec;

beforeAll(async () => {
  grant = await grantTestbedNamespaces(environment, namespace);
  await registerTestbedAs(deps, cluster);
  admin = await createActor(deps, 'admin');
  operator = await createActor(deps, 'operator');
  spec = { ...starterSpec(environment, 'production'), cluster, namespace };
  await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'plan tests' });
}, 120_000);
afterAll(async () => {
  await grant?.revoke();
  await db.$disconnect();
}, 120_000);

async function allObjects(plan: PlanRecord): Promise<PlanObjectRecord[]> {
  const objects: PlanObjectRecord[] = [];
  for (let after: number | undefined; ; ) {
    const page = await deps.plans.findPlanObjects(plan.id, { limit: 40, after });
    objects.push(...page.items);
    if (!page.nextCursor) return objects;
    after = Number(page.nextCursor);
  }
}

const idsWith = (objects: PlanObjectRecord[], action: string) => objects.filter((o) => o.action === action).map((o) => o.objectId).sort();

/** Objects whose rendered form differs between two specs: what a plan must update, nothing more. */
function renderedChanges(from: EnvironmentSpec, to: EnvironmentSpec) {
  const render = (s: EnvironmentSpec) => new Map(renderPlatform(s).map((o) => [objectId(o), canonicalJson(appliedForm(toPlain(o) as PlainObject))]));
  const [before, after] = [render(from), render(to)];
  return {
    changed: [...after].filter(([id, json]) => before.has(id) && before.get(id) !== json).map(([id]) => id).sort(),
    added: [...after.keys()].filter((id) => !before.has(id)).sort(),
    removed: [...before.keys()].filter((id) => !after.has(id)).sort(),
  };
}

async function revise(change: (next: EnvironmentSpec) => void, note: string): Promise<void> {
  const head = (await deps.environments.findHead(environment))!;
  const next = structuredClone(head.spec);
  change(next);
  await updateEnvironment(contextFor(deps, admin), environment, head.number, { spec: next, changeNote: note });
  spec = next;
}

describe('createPlan against the testbed', () => {
  let first: PlanRecord;

  it('on an empty target: every object is created, the namespaces the grant made get the platform’s labels, checks pass', async () => {
    first = await createPlan(contextFor(deps, operator), environment);
    const objects = await allObjects(first);
    const rendered = renderPlatform(spec).map(objectId);
    expect(objects.map((o) => o.objectId).sort()).toEqual([...rendered].sort());
    expect(first.checks.problems).toEqual([]);
    expect(first.checksPassed).toBe(true);
    expect(first.checks.ran).toEqual(['schema', 'policy', 'promtool', 'amtool', 'deploy-targets', 'server-dry-run']);
    expect(idsWith(objects, 'create')).toEqual(rendered.filter((id) => !id.startsWith('Namespace/')).sort());
    expect(idsWith(objects, 'update')).toEqual(rendered.filter((id) => id.startsWith('Namespace/')).sort());
    const appNamespace = objects.find((o) => o.objectId === `Namespace/${namespace}`)!;
    expect(appNamespace.diff).toContain('+    istio-injection: enabled');
    expect(appNamespace.diff).toContain(`+    personapass.dev/environment: ${environment}`);
    expect(appNamespace.diff).toContain('     pod-security.kubernetes.io/enforce: restricted');
    expect(first).toMatchObject({ status: 'open', revision: 1, cluster, namespace, approvalsRequired: 2, approvalExpiryHours: 24, flags: { components: null, allowDeletes: false, force: false } });
    expect(first.summary.byAction).toEqual({ create: rendered.length - 3, update: 3, unchanged: 0, delete: 0 });
    // wallet-api's own objects, its rate limit's EnvoyFilter and its VerticalPodAutoscaler included.
    expect(first.summary.byComponent['wallet-api']).toEqual({ create: 14, update: 0, unchanged: 0, delete: 0 });
    expect(first.summary.byKind.Deployment?.create).toBe(6);
    // Objects come in wave order; the Secret the console may not read is a create with its values redacted.
    expect(objects.map((o) => o.seq)).toEqual(objects.map((_, i) => i));
    expect(objects[0]!.kind).toBe('Namespace');
    const secret = objects.find((o) => o.kind === 'Secret')!;
    expect(secret.diff).toMatch(/alertmanager\.yaml: "\(redacted: \d+ characters, [0-9a-f]{12}\)"/);
    expect(secret.desired).toMatchObject({ data: { 'alertmanager.yaml': expect.any(String) } });
    expect(secret.desired).not.toHaveProperty('stringData');
    const audit = await deps.audit.findEvents({ limit: 5, targetName: environment });
    expect(audit.items[0]).toMatchObject({ action: 'plan.created', summary: expect.stringMatching(new RegExp(`^plan ${first.id} of revision 1: ${rendered.length - 3} to create, 3 to update, 0 to delete$`)) });
  }, 60_000);

  it('after it is carried out, a re-plan shows no changes and supersedes the open plan', async () => {
    await carryOutPlan(deps, db, first.id);
    const again = await createPlan(contextFor(deps, operator), environment);
    const objects = await allObjects(again);
    expect(objects.filter((o) => o.action !== 'unchanged').map((o) => `${o.action} ${o.objectId}\n${o.diff}`)).toEqual([]);
    expect(again.summary.changes).toBe(0);
    expect(again.hash).toHaveLength(64);
    const third = await createPlan(contextFor(deps, operator), environment);
    expect(third.hash).toBe(again.hash);
    expect((await deps.plans.findPlan(again.id))!).toMatchObject({ status: 'superseded', closedReason: `superseded by plan ${third.id}` });
    expect((await deps.plans.findPlan(first.id))!.status).toBe('deployed');
  }, 60_000);

  it('replicas an autoscaler changed stay "unchanged": autoscaled Deployments are rendered without spec.replicas', async () => {
    const wallet = renderPlatform(spec).find((o) => o.kind === 'Deployment' && o.metadata?.name === 'wallet-api')!;
    expect(toPlain(wallet)).not.toHaveProperty('spec.replicas');
    // KEDA's operator scales through the scale subresource, under its own field manager.
    const http = new KubeHttp({ ...testbedCluster('testbed'), credential: { kind: 'client-certificate', certificate: testbedPem('admin.crt'), key: testbedPem('admin.key') } }, { timeoutMs: 10_000, connections: 1 });
    const scaled = await http.send('PATCH', `/apis/apps/v1/namespaces/${namespace}/deployments/wallet-api/scale`, {
      query: { fieldManager: 'keda-operator' },
      body: { spec: { replicas: 7 } },
      contentType: 'application/merge-patch+json',
    });
    await http.close();
    expect(scaled.status).toBe(200);
    const live = await (await deps.clusterGateways.forCluster(cluster)).get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: 'wallet-api' });
    expect((live!.spec as { replicas: number }).replicas).toBe(7);
    const plan = await createPlan(contextFor(deps, operator), environment);
    const deployment = (await allObjects(plan)).find((o) => o.objectId === `Deployment/${namespace}/wallet-api`)!;
    expect({ action: deployment.action, diff: deployment.diff }).toEqual({ action: 'unchanged', diff: '' });
    expect(plan.summary.changes).toBe(0);
  }, 60_000);

  it('an image change plans exactly the objects whose render changed, as updates', async () => {
    const before = structuredClone(spec);
    await revise((next) => (next.components['wallet-api'].image.tag = '2.4.0'), 'wallet-api 2.4.0');
    const expected = renderedChanges(before, spec);
    expect(expected.changed.length).toBeGreaterThan(0);
    const plan = await createPlan(contextFor(deps, operator), environment);
    const objects = await allObjects(plan);
    expect({ update: idsWith(objects, 'update'), create: idsWith(objects, 'create'), delete: idsWith(objects, 'delete') }).toEqual({ update: expected.changed, create: [], delete: [] });
    const deployment = objects.find((o) => o.objectId === `Deployment/${namespace}/wallet-api`)!;
    expect(deployment.diff).toMatch(/^-\s+image: registry\.personapass\.io\/personapass\/wallet-api:2\.3\.0$/m);
    expect(deployment.diff).toMatch(/^\+\s+image: registry\.personapass\.io\/personapass\/wallet-api:2\.4\.0$/m);
    expect(plan.revision).toBe(2);
    await carryOutPlan(deps, db, plan.id);
  }, 60_000);

  it('a field another manager owns is reported with its path and owner, and the plan fails its checks; an admin’s forced plan takes it', async () => {
    const configMap = `ConfigMap/${namespace}/wallet-api-config`;
    const rendered = toPlain(renderPlatform(spec).find((o) => objectId(o) === configMap)!) as PlainObject & { data: Record<string, string> };
    const key = Object.keys(rendered.data)[0]!;
    await applyObjects(adminKubeConfig(), [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'wallet-api-config', namespace }, data: { [key]: 'changed by hand' } } as never], 'kubectl');
    const plan = await createPlan(contextFor(deps, operator), environment);
    expect(plan.checksPassed).toBe(false);
    expect(plan.checks.problems).toEqual([
      { object: configMap, path: `data.${key}`, message: expect.stringMatching(/^owned by field manager kubectl: the apply would be refused/), check: 'field-conflict' },
    ]);
    const object = (await allObjects(plan)).find((o) => o.objectId === configMap)!;
    expect(object.action).toBe('update');
    expect(object.diff).toContain(`-  ${key}: changed by hand`);

    await expect(createPlan(contextFor(deps, operator), environment, { force: true })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('needs the admin role') });
    const forced = await createPlan(contextFor(deps, admin), environment, { force: true });
    expect(forced.checksPassed).toBe(true);
    expect(forced.checks.warnings).toEqual([{ object: configMap, path: `data.${key}`, message: 'owned by field manager kubectl: the forced apply takes it', check: 'field-conflict' }]);
    expect(forced.hash).not.toBe(plan.hash);
    await carryOutPlan(deps, db, forced.id);
  }, 60_000);

  it('a Secret field another manager owns fails the checks too, though the console may not read the Secret; an admin’s forced plan warns and takes it', async () => {
    const secret = `Secret/${namespace}-monitoring/alertmanager-personapass`;
    // Someone rotates the Alertmanager config by hand with a forced server-side apply.
    const config = Buffer.from('route: {receiver: x}\nreceivers: [{name: x}]\n').toString('base64');
    await applyObjects(adminKubeConfig(), [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'alertmanager-personapass', namespace: `${namespace}-monitoring` }, data: { 'alertmanager.yaml': config } } as never], 'someone-else');
    const plan = await createPlan(contextFor(deps, operator), environment);
    const object = (await allObjects(plan)).find((o) => o.objectId === secret)!;
    expect({ action: object.action, diff: object.diff }).toMatchObject({ action: 'update', diff: expect.stringContaining('# .data.alertmanager.yaml') });
    expect(plan.checksPassed).toBe(false);
    expect(plan.checks.problems).toEqual([
      { object: secret, path: 'data.alertmanager.yaml', message: expect.stringMatching(/^owned by field manager someone-else: the apply would be refused/), check: 'field-conflict' },
    ]);
    const forced = await createPlan(contextFor(deps, admin), environment, { force: true });
    expect({ checksPassed: forced.checksPassed, warnings: forced.checks.warnings }).toEqual({
      checksPassed: true,
      warnings: [{ object: secret, path: 'data.alertmanager.yaml', message: 'owned by field manager someone-else: the forced apply takes it', check: 'field-conflict' }],
    });
    await carryOutPlan(deps, db, forced.id);
  }, 60_000);

  it('removing a component plans exactly its deployed objects for deletion (dependents first), and the changes its removal makes elsewhere', async () => {
    const before = structuredClone(spec);
    await revise((next) => (next.components['credential-worker'].enabled = false), 'no credential worker');
    const expected = renderedChanges(before, spec);
    expect(expected.removed.length).toBeGreaterThan(5);
    const plan = await createPlan(contextFor(deps, operator), environment);
    const objects = await allObjects(plan);
    expect({ delete: idsWith(objects, 'delete'), update: idsWith(objects, 'update'), create: idsWith(objects, 'create') }).toEqual({ delete: expected.removed, update: expected.changed, create: [] });
    const components = new Map(renderPlatform(before).map((o) => [objectId(o), componentOf(toPlain(o) as PlainObject)]));
    const deleted = objects.filter((o) => o.action === 'delete');
    expect(deleted.map((o) => [o.objectId, o.component, o.desired, o.diff.includes('+++ /dev/null')])).toEqual(deleted.map((o) => [o.objectId, components.get(o.objectId), null, true]));
    expect(deleted.filter((o) => o.component === 'credential-worker').length).toBeGreaterThan(5);
    const deletionKinds = objects.filter((o) => o.action === 'delete').map((o) => o.kind);
    expect(deletionKinds.indexOf('ServiceAccount')).toBeGreaterThan(deletionKinds.indexOf('Deployment'));
    expect(plan.summary.byAction.delete).toBe(expected.removed.length);
    await carryOutPlan(deps, db, plan.id);
    expect((await createPlan(contextFor(deps, operator), environment)).summary.changes).toBe(0);
  }, 90_000);

  it('switching monitoring off deletes its objects but keeps its Namespace (allowDeletes) and the Secret the console may not read, saying why', async () => {
    const before = structuredClone(spec);
    await revise((next) => (next.toggles.monitoring = false), 'no monitoring');
    const expected = renderedChanges(before, spec);
    const plan = await createPlan(contextFor(deps, operator), environment);
    const objects = await allObjects(plan);
    const secret = `Secret/${namespace}-monitoring/alertmanager-personapass`;
    const monitoringNamespace = `Namespace/${namespace}-monitoring`;
    expect(expected.removed).toEqual(expect.arrayContaining([secret, monitoringNamespace]));
    expect(idsWith(objects, 'delete')).toEqual(expected.removed.filter((id) => id !== secret && id !== monitoringNamespace));
    expect(plan.summary.kept).toEqual([
      { object: monitoringNamespace, reason: 'Namespaces are deleted only by a plan that allows it (admin: allowDeletes)' },
      { object: secret, reason: expect.stringMatching(/^no longer rendered, but the console may not read it to check it is still its own: remove it by hand .*\(403\)/) },
    ]);
    expect(plan.checksPassed).toBe(true);
    const withDeletes = await createPlan(contextFor(deps, admin), environment, { allowDeletes: true });
    expect(idsWith(await allObjects(withDeletes), 'delete')).toContain(monitoringNamespace);
    await revise((next) => (next.toggles.monitoring = true), 'monitoring back');
  }, 90_000);

  it('plans only the chosen components; a name that matches nothing is refused with the known ones', async () => {
    await revise((next) => (next.components['identity-service'].image.tag = '1.9.0'), 'identity-service 1.9.0');
    const plan = await createPlan(contextFor(deps, operator), environment, { components: ['wallet-api'] });
    const objects = await allObjects(plan);
    expect(new Set(objects.map((o) => o.component))).toEqual(new Set(['wallet-api']));
    expect(plan.summary.changes).toBe(0);
    expect(plan.flags.components).toEqual(['wallet-api']);
    const identity = await createPlan(contextFor(deps, operator), environment, { components: ['identity-service'] });
    expect(idsWith(await allObjects(identity), 'update')).toContain(`Deployment/${namespace}/identity-service`);
    await expect(createPlan(contextFor(deps, operator), environment, { components: ['nothing-here'] })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('its components are alertmanager, '),
    });
  }, 60_000);

  it('a revision the cluster’s admission refuses (an image outside the allowed registries) fails its checks, naming the policy', async () => {
    await revise((next) => (next.components['wallet-api'].image.repository = 'quay.io/somebody/wallet-api'), 'an image from elsewhere');
    const plan = await createPlan(contextFor(deps, operator), environment);
    expect(plan.checksPassed).toBe(false);
    expect(plan.checks.problems).toContainEqual({
      object: `Deployment/${namespace}/wallet-api`,
      path: '',
      message: expect.stringMatching(/does not let the console patch deployments\.apps .*ValidatingAdmissionPolicy/),
      check: 'server-dry-run',
    });
  }, 60_000);

  it('viewers and approvers read plans but do not make them; deleting protected kinds is for admins; unknown environments are NotFound, revisions that are neither the head nor deployed a conflict', async () => {
    for (const role of ['viewer', 'approver'] as const) {
      await expect(createPlan(contextFor(deps, await createActor(deps, role)), environment)).rejects.toMatchObject({ code: 'forbidden', message: `planning changes needs the operator or admin role (you are ${role})` });
    }
    await expect(createPlan(contextFor(deps, operator), environment, { allowDeletes: true })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('needs the admin role') });
    await expect(createPlan(contextFor(deps, operator), 'no-such-environment')).rejects.toMatchObject({ code: 'not_found' });
    // A revision that never deployed (or does not exist) is not the head: refused, naming what may be planned.
    await expect(createPlan(contextFor(deps, operator), environment, { revision: 999 })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(new RegExp(`^revision 999 of ${environment} is neither its head nor a revision that deployed successfully: plan the head \\(\\d+\\), or a revision deployed successfully: `)),
    });
    await expect(createPlan(contextFor(deps, null), environment)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});
