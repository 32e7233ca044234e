import type { BoundConnection } from './credential-binding';

// A connection test asks the API server who the credential is (SelfSubjectReview) and what it may
// do (SelfSubjectAccessReviews). The questions are plain data decided here; the adapter only asks.

export type ClusterCredential =
  | { kind: 'token'; token: string }
  | { kind: 'client-certificate'; certificate: string; key: string };

export type ClusterConnection = BoundConnection & { credential: ClusterCredential };

/** May I <verb> <group/resource[/subresource]> [named <name>] [in <namespace>]? No namespace: cluster-wide. */
export type AccessCheck = { verb: string; group: string; resource: string; subresource?: string; namespace?: string; name?: string; why: string };
export type AccessAnswer = AccessCheck & { allowed: boolean };

export type ClusterIdentity = { username: string; uid?: string; groups: string[] };

export type ProbeAnswer = { identity: ClusterIdentity; serverVersion: string; answers: AccessAnswer[] };

export type ConnectionTest = {
  identity: ClusterIdentity;
  serverVersion: string;
  /** The platform namespaces checked: those of the environments that deploy to this cluster. */
  namespaces: string[];
  /** What the console needs; any not allowed is missing. */
  needed: AccessAnswer[];
  /** What a least-privilege credential is refused; any allowed is broader than needed. */
  broader: AccessAnswer[];
  testedAt: string;
};

// Server-side apply is a PATCH; observing is list/watch and logs.
const perNamespace: Array<Omit<AccessCheck, 'namespace'>> = [
  { verb: 'patch', group: 'apps', resource: 'deployments', why: 'deploy the workloads' },
  { verb: 'patch', group: '', resource: 'services', why: 'deploy the services' },
  { verb: 'patch', group: '', resource: 'configmaps', why: 'deploy the configuration' },
  { verb: 'patch', group: 'networking.k8s.io', resource: 'networkpolicies', why: 'deploy the network policies' },
  { verb: 'watch', group: '', resource: 'pods', why: 'follow rollouts' },
  { verb: 'get', group: '', resource: 'pods', subresource: 'log', why: 'read logs' },
];

const refusedToLeastPrivilege: AccessCheck[] = [
  { verb: 'list', group: '', resource: 'secrets', why: 'reads every Secret in the cluster' },
  { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', why: 'can bind any ClusterRole, cluster-admin included, to anyone' },
  { verb: 'patch', group: '', resource: 'namespaces', why: 'can relabel any namespace, e.g. lift Pod Security from kube-system' },
  { verb: 'create', group: '', resource: 'pods', namespace: 'kube-system', why: 'can run pods in kube-system' },
];

export function connectionChecks(namespaces: string[]): { needed: AccessCheck[]; broader: AccessCheck[] } {
  const needed = namespaces.flatMap((namespace) => [
    { verb: 'patch', group: '', resource: 'namespaces', name: namespace, why: 'apply the namespace and its Pod Security labels' },
    ...perNamespace.map((check) => ({ ...check, namespace })),
  ]);
  return { needed, broader: refusedToLeastPrivilege };
}

export function connectionTest(answer: ProbeAnswer, namespaces: string[], checks: ReturnType<typeof connectionChecks>, testedAt: Date): ConnectionTest {
  return {
    identity: answer.identity,
    serverVersion: answer.serverVersion,
    namespaces,
    needed: answer.answers.slice(0, checks.needed.length),
    broader: answer.answers.slice(checks.needed.length),
    testedAt: testedAt.toISOString(),
  };
}

/** "patch deployments.apps in personapass-dev", as the UI and messages say it. */
export function describeCheck(check: AccessCheck): string {
  const resource = `${check.resource}${check.subresource ? `/${check.subresource}` : ''}${check.group ? `.${check.group}` : ''}`;
  const name = check.name ? ` ${check.name}` : '';
  const where = check.namespace ? ` in ${check.namespace}` : check.name ? '' : ' cluster-wide';
  return `${check.verb} ${resource}${name}${where}`;
}
