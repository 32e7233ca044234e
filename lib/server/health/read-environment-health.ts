import type { EnvironmentAlerts } from '@/lib/core/alerts/alerts';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import { componentNames, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { assembleEnvironmentHealth, clusterReachability, type EnvironmentHealth } from '@/lib/core/health/environment-health';
import type { LiveKind, WatchKey } from '@/lib/core/live/live-kinds';
import type { LiveSubscription } from '@/lib/core/live/live-state';
import type { Deps } from '../deps';
import type { UseCaseContext } from '../context';
import { getEnvironment } from '../environments/get-environment';

/** The kinds a component's health is judged from, in each of the environment's namespaces. */
export const healthKinds: readonly LiveKind[] = ['Deployment', 'Pod', 'ScaledObject', 'PodDisruptionBudget'];

export type ReadHealthOptions = {
  /** How long to wait for caches that have not listed yet (a first viewer after a restart). */
  syncWaitMs: number;
};

export const defaultReadHealthOptions: ReadHealthOptions = { syncWaitMs: 2000 };

/** The watches an environment's health reads: its kinds in each of its namespaces, and the cluster's Nodes for zones. */
export function healthWatchKeys(spec: Pick<EnvironmentSpec, 'cluster' | 'namespace'>): { namespaced: WatchKey[]; nodes: WatchKey } {
  return {
    namespaced: Object.values(platformNamespaces(spec)).flatMap((namespace) => healthKinds.map((kind) => ({ cluster: spec.cluster, kind, namespace }))),
    nodes: { cluster: spec.cluster, kind: 'Node', namespace: '' },
  };
}

/**
 * An environment's health from the shared watch caches and its alerts, with NO authorization: the
 * status pages call it for share-link visitors, the console through getEnvironmentHealth. It
 * subscribes to the caches (starting them if nobody watches yet), waits at most syncWaitMs for
 * their first list, reads them, and leaves: the watches linger and stay shared, so the next call
 * reads memory. Alerts are asked in parallel and fail alone (the answer says they are unknown).
 * Node zones are best effort: a Node watch that fails never makes the cluster look unreachable.
 */
export async function readEnvironmentHealth(deps: Pick<Deps, 'live' | 'alerts' | 'now'>, spec: EnvironmentSpec, options: ReadHealthOptions = defaultReadHealthOptions): Promise<EnvironmentHealth> {
  const alerts = readAlerts(deps, spec);
  const keys = healthWatchKeys(spec);
  let wake: () => void = () => {};
  const subscriptions: LiveSubscription[] = keys.namespaced.map((key) => deps.live.state.subscribe(key, (change) => change.type === 'status' && wake()));
  const nodes = deps.live.state.subscribe(keys.nodes, (change) => change.type === 'status' && wake());
  try {
    const settled = () => [...subscriptions, nodes].every((s) => { const status = s.status(); return status.synced || status.notServed || status.unreachableSince !== null; });
    const deadline = Date.now() + options.syncWaitMs;
    while (!settled() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(100, Math.max(0, deadline - Date.now())));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const now = deps.now();
    const cluster = clusterReachability(subscriptions.map((s) => s.status()), now);
    const objects = [...subscriptions, nodes].flatMap((s) => s.snapshot());
    return assembleEnvironmentHealth({
      environment: spec.name,
      components: componentNames.filter((name) => spec.components[name].enabled),
      now,
      cluster,
      objects,
      alerts: await alerts,
    });
  } finally {
    for (const subscription of [...subscriptions, nodes]) subscription.close();
  }
}

async function readAlerts(deps: Pick<Deps, 'alerts'>, spec: EnvironmentSpec): Promise<{ alerts: EnvironmentAlerts['alerts'] } | { error: string }> {
  try {
    const { prometheusUrl, alertmanagerUrl } = spec.observability;
    const found = await deps.alerts.findAlerts({ prometheusUrl, alertmanagerUrl }, spec.name);
    return found.sources.prometheus.ok ? { alerts: found.alerts } : { error: `Prometheus did not answer: ${found.sources.prometheus.message}` };
  } catch (error) {
    return { error: `alerts could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The environment's health for a signed-in reader of environments (canReadEnvironments, through getEnvironment). */
export async function getEnvironmentHealth(ctx: UseCaseContext, name: string): Promise<EnvironmentHealth> {
  const head = await getEnvironment(ctx, name);
  return readEnvironmentHealth(ctx.deps, head.spec);
}
