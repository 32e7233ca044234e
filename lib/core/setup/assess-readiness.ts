import { neededRights, type RenderedObject } from './console-rights';
import { checkCustomResources, requiredCustomApis } from './crd-check';
import { checkNodes } from './node-check';
import { checkPodSecurity, enforceLabel } from './pod-security-check';
import { readinessReport, type ReadinessEnvironment, type ReadinessReport, type Reading } from './readiness';
import type { ClusterReadinessReader } from './readiness-reader';
import { checkConsoleRights } from './rights-check';
import { checkDefaultStorageClass } from './storage-check';
import { checkKubernetesVersion } from './version-check';

/** An environment on the cluster with its rendered objects (its head revision's render). */
export type RenderedEnvironment = ReadinessEnvironment & { objects: RenderedObject[] };

/** Never a stack: the adapter's errors are the core's, with messages written for people. */
const reasonOf = (error: unknown) => (error instanceof Error && error.message ? error.message : 'unknown error');

async function read<T>(call: () => Promise<T>): Promise<Reading<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error: reasonOf(error) };
  }
}

/**
 * Every read at once, each failing alone. `reference`: objects the platform renders whatever is on
 * the cluster (the starter environments), so a cluster nobody deploys to yet is still checked for
 * every custom resource the platform uses.
 */
export async function assessReadiness(
  reader: ClusterReadinessReader,
  input: { cluster: string; environments: RenderedEnvironment[]; reference: RenderedObject[]; now: () => Date },
): Promise<ReadinessReport> {
  const { environments } = input;
  const apis = requiredCustomApis([...input.reference, ...environments.flatMap((environment) => environment.objects)]);
  const needs = neededRights(environments);
  const reviewNamespaces = [...new Set(needs.map((need) => need.reviewIn))];
  const namespaces = environments.flatMap((environment) =>
    environment.objects
      .filter((object) => object.kind === 'Namespace')
      .map((object) => ({ namespace: object.metadata.name, environment: environment.name, wanted: object.metadata.labels?.[enforceLabel] ?? 'restricted' })),
  );
  const [version, nodes, served, reviews, storage, labels] = await Promise.all([
    read(() => reader.serverVersion()),
    read(() => reader.nodes()),
    Promise.all(apis.map(async (api) => [api.groupVersion, await read(() => reader.servedKinds(api.groupVersion))] as const)),
    Promise.all(reviewNamespaces.map(async (namespace) => [namespace, await read(() => reader.rulesReview(namespace))] as const)),
    read(() => reader.storageClasses()),
    Promise.all(namespaces.map((item) => read(() => reader.namespaceLabels(item.namespace)))),
  ]);
  const summaries = environments.map(({ objects: _objects, ...environment }) => environment);
  return readinessReport({
    cluster: input.cluster,
    checkedAt: input.now(),
    environments: summaries,
    checks: [
      checkKubernetesVersion(version),
      checkNodes(nodes, summaries),
      checkCustomResources(apis, new Map(served)),
      checkConsoleRights(needs, new Map(reviews), environments.length),
      checkDefaultStorageClass(storage),
      checkPodSecurity(namespaces.map((item, index) => ({ ...item, live: labels[index]! }))),
    ],
  });
}
