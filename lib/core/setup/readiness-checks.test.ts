import { describe, expect, it } from 'vitest';
import { assessReadiness } from './assess-readiness';
import { neededRights, rulesAllow, type RulesReview } from './console-rights';
import { checkCustomResources, requiredCustomApis } from './crd-check';
import { checkNodes, type NodeFacts } from './node-check';
import { checkPodSecurity } from './pod-security-check';
import type { ReadinessEnvironment } from './readiness';
import type { ClusterReadinessReader } from './readiness-reader';
import { checkConsoleRights } from './rights-check';
import { checkDefaultStorageClass } from './storage-check';
import { checkKubernetesVersion, parseMinorVersion } from './version-check';

const ok = <T>(value: T) => ({ ok: true as const, value });
const served = (entries: Array<[string, string[] | null]>) => new Map(entries.map(([groupVersion, kinds]) => [groupVersion, ok(kinds)]));
const failed = (error: string) => ({ ok: false as const, error });
const node = (name: string, zone: string | null, ready = true): NodeFacts => ({ name, zone, ready, unschedulable: false });
const dev: ReadinessEnvironment = { name: 'dev', tier: 'development', namespace: 'personapass-dev', namespaces: ['personapass-dev'] };
const prod: ReadinessEnvironment = { name: 'prod', tier: 'production', namespace: 'personapass-prod', namespaces: ['personapass-prod'] };

describe('Kubernetes version', () => {
  it('reads the minor version of vendor builds', () => {
    expect(parseMinorVersion('v1.29.4-eks-036c24b')).toEqual({ major: 1, minor: 29 });
    expect(parseMinorVersion('v1.30.0+k3s1')).toEqual({ major: 1, minor: 30 });
    expect(parseMinorVersion('nonsense')).toBeUndefined();
  });

  it('fails below 1.26, warns below 1.30 (admission policies), passes from 1.30', () => {
    expect(checkKubernetesVersion(ok('v1.25.9'))).toMatchObject({ status: 'fail', remedy: expect.stringContaining('upgrade') });
    expect(checkKubernetesVersion(ok('v1.26.0')).status).toBe('warn');
    expect(checkKubernetesVersion(ok('v1.30.0')).status).toBe('pass');
    expect(checkKubernetesVersion(ok('v2.0.0')).status).toBe('pass');
    expect(checkKubernetesVersion(failed('timed out'))).toMatchObject({ status: 'fail', summary: expect.stringContaining('could not read') });
  });
});

describe('nodes and zones', () => {
  const three = [node('a', 'z1'), node('b', 'z2'), node('c', 'z3')];
  it('passes three ready nodes in three zones, fails fewer', () => {
    expect(checkNodes(ok(three), [dev]).status).toBe('pass');
    expect(checkNodes(ok([...three.slice(0, 2), node('c', 'z3', false)]), [dev])).toMatchObject({ status: 'fail', details: ['c is not Ready'] });
  });

  it('does not count tainted nodes, saying why', () => {
    const check = checkNodes(ok([...three.slice(0, 2), { ...node('c', 'z3'), tainted: 'node-role.kubernetes.io/control-plane:NoSchedule' }]), [dev]);
    expect(check).toMatchObject({ status: 'fail', details: ["c is tainted node-role.kubernetes.io/control-plane:NoSchedule, which the platform's pods do not tolerate"] });
  });

  it('needs five for production', () => {
    const check = checkNodes(ok(three), [dev, prod]);
    expect(check.status).toBe('fail');
    expect(check.summary).toContain('production (prod) needs at least 5');
    expect(checkNodes(ok([...three, node('d', 'z1'), node('e', 'z2')]), [prod]).status).toBe('pass');
  });

  it('warns under three zones, naming nodes without a zone', () => {
    const check = checkNodes(ok([node('a', 'z1'), node('b', 'z1'), node('c', null)]), []);
    expect(check.status).toBe('warn');
    expect(check.details).toEqual(['c has no topology.kubernetes.io/zone label']);
  });
});

describe('custom resources', () => {
  const objects = [
    { apiVersion: 'apps/v1', kind: 'Deployment' },
    { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' },
    { apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication' },
    { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' },
  ];

  it('derives the custom group versions and kinds from the objects, never built-in ones', () => {
    expect(requiredCustomApis(objects)).toEqual([
      { groupVersion: 'keda.sh/v1alpha1', group: 'keda.sh', kinds: ['ScaledObject', 'TriggerAuthentication'] },
      { groupVersion: 'networking.istio.io/v1', group: 'networking.istio.io', kinds: ['VirtualService'] },
    ]);
  });

  it('fails a group version not served, naming its owner and how to install it', () => {
    const apis = requiredCustomApis(objects);
    const check = checkCustomResources(apis, served([['keda.sh/v1alpha1', null], ['networking.istio.io/v1', ['VirtualService', 'Gateway']]]));
    expect(check.status).toBe('fail');
    expect(check.summary).toBe('missing the custom resources of KEDA');
    expect(check.details).toEqual(['KEDA: keda.sh/v1alpha1 is not served (ScaledObject, TriggerAuthentication)']);
    expect(check.remedy).toContain('helm install keda kedacore/keda');
  });

  it('fails a served version lacking a kind, and passes when all are there', () => {
    const apis = requiredCustomApis(objects);
    const partial = checkCustomResources(apis, served([['keda.sh/v1alpha1', ['ScaledObject']], ['networking.istio.io/v1', ['VirtualService']]]));
    expect(partial.details).toEqual(['KEDA: keda.sh/v1alpha1 does not serve TriggerAuthentication']);
    expect(checkCustomResources(apis, served([['keda.sh/v1alpha1', ['ScaledObject', 'TriggerAuthentication']], ['networking.istio.io/v1', ['VirtualService']]])).status).toBe('pass');
  });
});

describe("the console's rights", () => {
  const env = {
    name: 'dev',
    namespaces: ['personapass-dev'],
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'personapass-dev' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'alertmanager-personapass', namespace: 'personapass-dev' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'personapass-dev' }, roleRef: { kind: 'Role', name: 'personapass-deployer' } },
      { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'd', namespace: 'personapass-dev' } },
    ],
  };
  const needs = neededRights([env]);

  it('needs no read of a Secret, create and patch of the namespace by name, and bind on a bound Role', () => {
    const about = (resource: string) => needs.filter((need) => need.resource === resource).map((need) => `${need.verb} ${need.name ?? '*'}`);
    expect(about('secrets')).toEqual(['create alertmanager-personapass', 'patch alertmanager-personapass']);
    expect(about('namespaces')).toContain('patch personapass-dev');
    expect(about('roles')).toEqual(['bind personapass-deployer']);
    expect(about('destinationrules')).toEqual(['get d', 'create d', 'patch d', 'delete d']);
    expect(about('pods/log')).toEqual(['get *']);
  });

  it('matches rules as RBAC does: wildcards, */subresource, resourceNames only for named requests', () => {
    expect(rulesAllow([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], { verb: 'delete', group: 'apps', resource: 'deployments' })).toBe(true);
    expect(rulesAllow([{ verbs: ['get'], apiGroups: [''], resources: ['*/log'] }], { verb: 'get', group: '', resource: 'pods/log' })).toBe(true);
    expect(rulesAllow([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], { verb: 'get', group: '', resource: 'pods/log' })).toBe(false);
    const named = [{ verbs: ['patch'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }];
    expect(rulesAllow(named, { verb: 'patch', group: '', resource: 'secrets', name: 'a' })).toBe(true);
    expect(rulesAllow(named, { verb: 'patch', group: '', resource: 'secrets', name: 'b' })).toBe(false);
    expect(rulesAllow(named, { verb: 'patch', group: '', resource: 'secrets' })).toBe(false);
  });

  const allowAll: RulesReview = { rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], incomplete: false };
  it('passes with every right, fails naming what is missing and how to grant it', () => {
    expect(checkConsoleRights(needs, new Map([['personapass-dev', ok(allowAll)]]), 1).status).toBe('pass');
    const noIstio = { rules: [{ verbs: ['*'], apiGroups: ['', 'apps', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'policy', 'autoscaling', 'keda.sh'], resources: ['*'] }], incomplete: false };
    const check = checkConsoleRights(needs, new Map([['personapass-dev', ok(noIstio)]]), 1);
    expect(check.status).toBe('fail');
    expect(check.details).toContain('get destinationrules.networking.istio.io d in personapass-dev (deploy dev)');
    expect(check.remedy).toContain('console-environment.yaml');
  });

  it('warns instead when the authorizer says its list is incomplete, and fails a review it could not read', () => {
    expect(checkConsoleRights(needs, new Map([['personapass-dev', ok({ rules: [], incomplete: true })]]), 1).status).toBe('warn');
    expect(checkConsoleRights(needs, new Map([['personapass-dev', failed('refused')]]), 1)).toMatchObject({ status: 'fail', details: ['could not review the rules in personapass-dev: refused'] });
  });
});

describe('default StorageClass and Pod Security', () => {
  it('needs exactly one default StorageClass', () => {
    const sc = (name: string, isDefault: boolean) => ({ name, provisioner: 'p', annotations: (isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {}) as Record<string, string> });
    expect(checkDefaultStorageClass(ok([sc('a', false)]))).toMatchObject({ status: 'fail', remedy: expect.stringContaining('kubectl annotate storageclass') });
    expect(checkDefaultStorageClass(ok([sc('a', true)])).status).toBe('pass');
    expect(checkDefaultStorageClass(ok([sc('a', true), sc('b', true)])).status).toBe('warn');
  });

  it('fails a missing namespace or one enforcing less than the render, warns one enforcing more', () => {
    const ns = (live: Record<string, string> | null, wanted = 'restricted') => ({ namespace: 'n', environment: 'dev', wanted, live: ok(live) });
    const enforce = (level: string) => ({ 'pod-security.kubernetes.io/enforce': level });
    expect(checkPodSecurity([ns(enforce('restricted'))]).status).toBe('pass');
    expect(checkPodSecurity([ns(null)]).status).toBe('fail');
    expect(checkPodSecurity([ns({})]).details).toEqual(['n (dev) enforces nothing; the platform renders restricted']);
    expect(checkPodSecurity([ns(enforce('baseline'))]).status).toBe('fail');
    expect(checkPodSecurity([ns(enforce('restricted'), 'baseline')]).status).toBe('warn');
  });
});

describe('assessReadiness', () => {
  it('keeps a failed read to its own check', async () => {
    const reader: ClusterReadinessReader = {
      serverVersion: async () => 'v1.33.0',
      nodes: async () => {
        throw new Error('cluster x does not let the console list nodes (403)');
      },
      servedKinds: async () => ['ScaledObject'],
      rulesReview: async () => ({ rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], incomplete: false }),
      storageClasses: async () => [{ name: 's', provisioner: 'p', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }],
      namespaceLabels: async () => ({}),
      close: async () => undefined,
    };
    const report = await assessReadiness(reader, { cluster: 'x', environments: [], reference: [{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 's' } }], now: () => new Date(0) });
    expect(report.status).toBe('fail');
    expect(Object.fromEntries(report.checks.map((check) => [check.id, check.status]))).toEqual({
      'kubernetes-version': 'pass',
      nodes: 'fail',
      'custom-resources': 'pass',
      'console-rights': 'pass',
      'default-storage-class': 'pass',
      'pod-security': 'pass',
    });
    expect(report.checks[1]!.summary).toBe('could not read the nodes: cluster x does not let the console list nodes (403)');
  });
});
