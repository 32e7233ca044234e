import type { EnvironmentAlerts } from '@/lib/core/alerts/alerts';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import { componentNames, type ComponentName, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { componentEvents, eventsProblem, type ComponentEventsRead } from '@/lib/core/health/component-events';
import { assembleEnvironmentHealth, clusterReachability, type EnvironmentHealth } from '@/lib/core/health/environment-health';
import type { LiveKind, WatchKey } from '@/lib/core/live/live-kinds';
import { readLiveSnapshot } from '../live/read-live-snapshot';
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
 */
export async function readEnvironmentHealth(deps: Pick<Deps, 'live' | 'alerts' | 'now'>, spec: EnvironmentSpec, options: ReadHealthOptions = defaultReadHealthOptions): Promise<EnvironmentHealth> {
  const alerts = readAlerts(deps, spec);
  const keys = healthWatchKeys(spec);
  const read = await readLiveSnapshot(deps.live.state, keys.namespaced, options.syncWaitMs, [keys.nodes]);
  const now = deps.now();
  return assembleEnvironmentHealth({
    environment: spec.name,
    components: componentNames.filter((name) => spec.components[name].enabled),
    now,
    // Node zones are best effort: a Node watch that fails never makes the cluster look unreachable.
    cluster: clusterReachability(read.filter((entry) => entry.key.kind !== 'Node').map((entry) => entry.status), now),
    objects: read.flatMap((entry) => entry.objects),
    alerts: await alerts,
  });
}

/**
 * The recent events of a component's objects, newest first, from the Event watch caches of the
 * environment's namespaces; none, and the problem, when a watch failed or was refused (its cache
 * holds frozen events). NO authorization: the caller has read the environment (its page did).
 */
export async function readComponentEvents(deps: Pick<Deps, 'live'>, spec: EnvironmentSpec, component: ComponentName, options: ReadHealthOptions = defaultReadHealthOptions): Promise<ComponentEventsRead> {
  const keys = Object.values(platformNamespaces(spec)).map((namespace) => ({ cluster: spec.cluster, kind: 'Event' as const, namespace }));
  const read = await readLiveSnapshot(deps.live.state, keys, options.syncWaitMs);
  const problem = eventsProblem(read.map((entry) => entry.status));
  return { events: problem ? [] : componentEvents(read.flatMap((entry) => entry.objects), component), problem };
}

async function readAlerts(deps: Pick<Deps, 'alerts'>, spec: EnvironmentSpec): Promise<{ alerts: EnvironmentAlerts['alerts'] } | { error: string }> {
  try {
    const { prometheusUrl, alertmanagerUrl } = spec.observability;
    const found = await deps.alerts.findAlerts({ prometheusUrl, alertmanagerUrl }, spec.name);
    return found.sources.prometheus.ok ? { alerts: found.alerts } : { error: found.sources.prometheus.message };
  } catch (error) {
    return { error: `alerts could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The environment's health for a signed-in reader of environments (canReadEnvironments, through getEnvironment). */
export async function getEnvironmentHealth(ctx: UseCaseContext, name: string): Promise<EnvironmentHealth> {
  const head = await getEnvironment(ctx, name);
  return readEnvironmentHealth(ctx.deps, head.spec);
}
