import { canReadClusterReadiness } from '@/lib/core/auth/roles';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import { tiers } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { NotFound } from '@/lib/core/errors';
import { assessReadiness, type RenderedEnvironment } from '@/lib/core/setup/assess-readiness';
import type { RenderedObject } from '@/lib/core/setup/console-rights';
import type { ReadinessReport } from '@/lib/core/setup/readiness';
import { toPlain } from '@/manifests/kube-object';
import { renderPlatform } from '@/manifests/render-platform';
import { enforce, requireActor, type UseCaseContext } from '../context';
import type { Deps } from '../deps';

const render = (spec: Parameters<typeof renderPlatform>[0]) => renderPlatform(spec).map((object) => toPlain(object) as unknown as RenderedObject);

/** Every tier's starter render: what the platform uses even before an environment names this cluster. */
let reference: RenderedObject[] | undefined;
const referenceObjects = () => (reference ??= tiers.flatMap((tier) => render(starterSpec('reference', tier))));

/** The environments whose head revision deploys to the cluster, each with its render. */
async function environmentsOn(deps: Deps, cluster: string): Promise<RenderedEnvironment[]> {
  const found: RenderedEnvironment[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await deps.environments.findEnvironments({ limit: 100, cursor });
    for (const summary of page.items.filter((item) => item.cluster === cluster)) {
      const head = await deps.environments.findHead(summary.name);
      if (!head || head.spec.cluster !== cluster) continue;
      found.push({ name: summary.name, tier: head.spec.tier, namespace: head.spec.namespace, namespaces: Object.values(platformNamespaces(head.spec)), objects: render(head.spec) });
    }
    if (!page.nextCursor) return found;
    cursor = page.nextCursor;
  }
}

/**
 * Is this registered cluster ready for the platform? Read live as the console's own credential;
 * each check fails alone (a read that fails is that check's "could not read"). Writes nothing.
 */
export async function getClusterReadiness(ctx: UseCaseContext, cluster: string): Promise<ReadinessReport> {
  enforce(canReadClusterReadiness(requireActor(ctx)));
  const { deps } = ctx;
  if (!(await deps.clusters.findCluster(cluster))) throw new NotFound(`no cluster named ${cluster}`);
  const environments = await environmentsOn(deps, cluster);
  const reader = await deps.clusterReadiness.forCluster(cluster);
  try {
    return await assessReadiness(reader, { cluster, environments, reference: referenceObjects(), now: deps.now });
  } finally {
    await reader.close();
  }
}
