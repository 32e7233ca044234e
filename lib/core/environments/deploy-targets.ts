import { Conflict } from '../errors';
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
 * the mesh's root namespace is mesh-wide; KEDA, Grafana and Velero serve every environment).
 */
export const systemNamespaces = ['default', 'personapass-system', 'istio-system', 'istio-ingress', 'keda', 'grafana', 'cert-manager', 'velero'] as const;

export function systemNamespaceIn(spec: Pick<EnvironmentSpec, 'namespace'>): string | undefined {
  return Object.values(platformNamespaces(spec)).find(
    (namespace) => namespace.startsWith('kube-') || (systemNamespaces as readonly string[]).includes(namespace),
  );
}

export const sameTarget = (a: DeployTarget, b: DeployTarget) => a.cluster === b.cluster && a.namespace === b.namespace;

/** An object as a plan stores it: a namespaced one, or a cluster-scoped one (namespace empty or absent). */
export type PlacedObject = { kind: string; namespace?: string | null; name: string };

/**
 * The objects that lie outside what an environment holds on `cluster` now: in a namespace it does
 * not hold (nor left behind and still holds), or a Namespace object it does not hold, or any other
 * cluster-scoped object. `held` is the environment's deploy targets as its store lists them today,
 * never the namespaces of the revision being planned: an earlier revision may name a namespace the
 * environment gave up and another environment took since.
 */
export function objectsOutsideTargets<T extends PlacedObject>(cluster: string, held: readonly DeployTarget[], objects: readonly T[]): T[] {
  const namespaces = new Set(held.filter((target) => target.cluster === cluster).map((target) => target.namespace));
  return objects.filter((object) => (object.namespace ? !namespaces.has(object.namespace) : !(object.kind === 'Namespace' && namespaces.has(object.name))));
}

/**
 * Refuses (Conflict, naming them) a plan or run of `environment` that would write outside what it
 * holds on `cluster` now. Plans check this when made, deploys before queueing, the worker before
 * applying: a deploy target released and taken by another environment in between is seen.
 */
export function requireWithinTargets(environment: string, cluster: string, held: readonly DeployTarget[], objects: readonly PlacedObject[]): void {
  const outside = objectsOutsideTargets(cluster, held, objects);
  if (outside.length === 0) return;
  const namespaces = [...new Set(outside.filter((object) => object.namespace || object.kind === 'Namespace').map((object) => object.namespace || object.name))].sort();
  const clusterScoped = outside.filter((object) => !object.namespace && object.kind !== 'Namespace').map((object) => `${object.kind} ${object.name}`);
  const where = [namespaces.length && `namespace${namespaces.length === 1 ? '' : 's'} ${namespaces.join(', ')}`, clusterScoped.length && `cluster-scoped ${clusterScoped.join(', ')}`].filter(Boolean).join(' and ');
  const holds = held.filter((target) => target.cluster === cluster).map((target) => target.namespace).sort();
  throw new Conflict(
    `${environment} does not hold ${where} on cluster ${cluster}: ${outside.length} object${outside.length === 1 ? '' : 's'} of this plan would be written there; ${holds.length ? `it holds ${holds.join(', ')}` : 'it holds nothing there'}. Make a new plan of a revision it can deploy`,
    { cluster, namespaces, held: holds },
  );
}
