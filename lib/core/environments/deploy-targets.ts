import type { EnvironmentSpec } from './environment-spec';

// What an environment owns on its cluster: the three namespaces the platform renders per environment
// (the application's, and the observability stack's beside it), their Namespace objects and
// everything inside them. Nothing else: what the platform needs outside them (Prometheus' kubelet
// metrics and discovery in add-on namespaces) comes with the administrator's grant. Everything render
// and apply touch must be in this set, and no two environments may hold the same namespace of a
// cluster (the deploy_targets table enforces that).

export type DeployTarget = { cluster: string; namespace: string };

/** The namespaces of one environment: the applications, and the observability stack kept outside the mesh. */
export function platformNamespaces(spec: Pick<EnvironmentSpec, 'namespace'>) {
  return {
    app: spec.namespace,
    monitoring: `${spec.namespace}-monitoring`,
    tracing: `${spec.namespace}-tracing`,
  };
}

/** Every (cluster, namespace) an environment claims, whether or not a toggle renders it today. */
export function deployTargetsOf(spec: Pick<EnvironmentSpec, 'cluster' | 'namespace'>): DeployTarget[] {
  return Object.values(platformNamespaces(spec)).map((namespace) => ({ cluster: spec.cluster, namespace }));
}

type ObjectIdentity = { kind: string; metadata?: { name?: string; namespace?: string } };

/** Whether an object of a render lies inside what the environment owns: in its namespaces, or one of their Namespace objects. */
export function isOwnedObject(spec: Pick<EnvironmentSpec, 'namespace'>, object: ObjectIdentity): boolean {
  const namespaces: string[] = Object.values(platformNamespaces(spec));
  const { name, namespace } = object.metadata ?? {};
  if (!name) return false;
  return namespace ? namespaces.includes(namespace) : object.kind === 'Namespace' && namespaces.includes(name);
}

/**
 * Namespaces no environment may use, itself or through a namespace the platform adds beside it:
 * Kubernetes' own, the console's, and the shared add-ons the platform relies on (an Istio policy in
 * the mesh's root namespace is mesh-wide; KEDA and Grafana serve every environment).
 */
export const systemNamespaces = ['default', 'personapass-system', 'istio-system', 'istio-ingress', 'keda', 'grafana', 'cert-manager'] as const;

export function systemNamespaceIn(spec: Pick<EnvironmentSpec, 'namespace'>): string | undefined {
  return Object.values(platformNamespaces(spec)).find(
    (namespace) => namespace.startsWith('kube-') || (systemNamespaces as readonly string[]).includes(namespace),
  );
}

export const sameTarget = (a: DeployTarget, b: DeployTarget) => a.cluster === b.cluster && a.namespace === b.namespace;
