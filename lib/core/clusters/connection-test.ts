import type { BoundConnection } from './credential-binding';

// A connection test asks the API server who the credential is (SelfSubjectReview), which cluster it
// is (the kube-system Namespace's UID) and what the credential may do (SelfSubjectAccessReviews).
// The questions are plain data decided here; the adapter only asks.

export type ClusterCredential =
  | { kind: 'token'; token: string }
  | { kind: 'client-certificate'; certificate: string; key: string };

export type ClusterConnection = BoundConnection & { credential: ClusterCredential };

/** May I <verb> <group/resource[/subresource]> [named <name>] [in <namespace>]? No namespace: cluster-wide. */
export type AccessCheck = { verb: string; group: string; resource: string; subresource?: string; namespace?: string; name?: string; why: string };
export type AccessAnswer = AccessCheck & { allowed: boolean };

export type ClusterIdentity = { username: string; uid?: string; groups: string[] };

export type ProbeAnswer = {
  identity: ClusterIdentity;
  serverVersion: string;
  /** The UID of the cluster's kube-system Namespace: the same for every URL and name of one cluster. */
  clusterUid: string;
  /** When the credential stops working, if it says so (a token's JWT exp, a certificate's notAfter). */
  credentialExpiresAt?: string;
  answers: AccessAnswer[];
};

export type ConnectionTest = {
  identity: ClusterIdentity;
  /** Whether the credential is the console's own ServiceAccount, the only identity its admission policies bind. */
  identityIsConsole: boolean;
  serverVersion: string;
  clusterUid: string;
  credentialExpiresAt: string | null;
  /** The platform namespaces checked: those of the environments that deploy to this cluster. */
  namespaces: string[];
  /** What the console needs; any not allowed is missing. */
  needed: AccessAnswer[];
  /** What a least-privilege credential is refused; any allowed is broader than needed. */
  broader: AccessAnswer[];
  testedAt: string;
};

/** The console's ServiceAccount (scripts/stack/manifests/console-rbac.yaml): the admission policies bind this username only. */
export const consoleIdentity = 'system:serviceaccount:personapass-system:personapass-console';

// Server-side apply is a PATCH; observing is list/watch and logs.
const perNamespace: Array<Omit<AccessCheck, 'namespace'>> = [
  { verb: 'patch', group: 'apps', resource: 'deployments', why: 'deploy the workloads' },
  { verb: 'patch', group: '', resource: 'services', why: 'deploy the services' },
  { verb: 'patch', group: '', resource: 'configmaps', why: 'deploy the configuration' },
  { verb: 'patch', group: 'networking.k8s.io', resource: 'networkpolicies', why: 'deploy the network policies' },
  { verb: 'watch', group: '', resource: 'pods', why: 'follow rollouts' },
  { verb: 'get', group: '', resource: 'pods', subresource: 'log', why: 'read logs' },
];

// Inside the platform's namespaces: what even a namespace admin would hold and the console must not.
const refusedInNamespace: Array<Omit<AccessCheck, 'namespace'>> = [
  { verb: 'list', group: '', resource: 'secrets', why: 'reads every Secret there (signing keys, database passwords)' },
  { verb: 'get', group: '', resource: 'secrets', why: 'reads a Secret there by name' },
  { verb: 'create', group: '', resource: 'pods', subresource: 'exec', why: 'runs commands inside the platform’s pods' },
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
  const broader = [...refusedToLeastPrivilege, ...namespaces.flatMap((namespace) => refusedInNamespace.map((check) => ({ ...check, namespace })))];
  return { needed, broader };
}

export function connectionTest(answer: ProbeAnswer, namespaces: string[], checks: ReturnType<typeof connectionChecks>, testedAt: Date): ConnectionTest {
  return {
    identity: answer.identity,
    identityIsConsole: answer.identity.username === consoleIdentity,
    serverVersion: answer.serverVersion,
    clusterUid: answer.clusterUid,
    credentialExpiresAt: answer.credentialExpiresAt ?? null,
    namespaces,
    needed: answer.answers.slice(0, checks.needed.length),
    broader: answer.answers.slice(checks.needed.length),
    testedAt: testedAt.toISOString(),
  };
}

/**
 * Why this credential should not be stored without an administrator's explicit override: it is not
 * the console's ServiceAccount (no admission policy applies to it), or it may do more than needed.
 */
export function registrationConcerns(test: ConnectionTest): string[] {
  return [
    ...(test.identityIsConsole ? [] : [`it acts as ${test.identity.username}, not as the console's ServiceAccount ${consoleIdentity}, so no admission policy limits it`]),
    ...test.broader.filter((answer) => answer.allowed).map((answer) => `it may ${describeCheck(answer)} (${answer.why})`),
  ];
}

/** A bearer token's expiry when it is a JWT with an `exp` claim (ServiceAccount tokens are); read, not verified. */
export function bearerTokenExpiry(token: string): Date | undefined {
  const payload = token.split('.')[1];
  if (!payload || token.split('.').length !== 3) return undefined;
  try {
    const exp = (JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/'))) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/** "patch deployments.apps in personapass-dev", as the UI and messages say it. */
export function describeCheck(check: AccessCheck): string {
  const resource = `${check.resource}${check.subresource ? `/${check.subresource}` : ''}${check.group ? `.${check.group}` : ''}`;
  const name = check.name ? ` ${check.name}` : '';
  const where = check.namespace ? ` in ${check.namespace}` : check.name ? '' : ' cluster-wide';
  return `${check.verb} ${resource}${name}${where}`;
}
