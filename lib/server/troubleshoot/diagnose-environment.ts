import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import { componentNames, servingComponentNames, type ComponentName, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { NotFound } from '@/lib/core/errors';
import { forbiddenRead } from '@/lib/core/health/component-health';
import { clusterReachability } from '@/lib/core/health/environment-health';
import type { WatchKey } from '@/lib/core/live/live-kinds';
import type { LiveObject } from '@/lib/core/live/trim-live-object';
import { trimDeployment, trimEvent, trimPod } from '@/lib/core/live/trim';
import { assembleDiagnosis, type AreaResult, type Diagnosis, type DiagnosisArea } from '@/lib/core/troubleshoot/diagnosis';
import { podsOfComponent } from '@/lib/core/troubleshoot/findings-support';
import { networkFindings, networkPodOf, type Caller } from '@/lib/core/troubleshoot/network-findings';
import type { NamespaceInspection } from '@/lib/core/troubleshoot/cluster-inspection';
import { measuresFor, performanceFindings, performanceQuery, scalerMetricQuery, type PerformanceValues } from '@/lib/core/troubleshoot/performance-findings';
import { scalingFindings, type ScalerMetric } from '@/lib/core/troubleshoot/scaling-findings';
import { startupFindings } from '@/lib/core/troubleshoot/startup-findings';
import type { UseCaseContext } from '../context';
import type { Deps } from '../deps';
import { getEnvironment } from '../environments/get-environment';
import { readLiveSnapshot } from '../live/read-live-snapshot';
import { componentCallers } from './component-callers';

/** The kinds a diagnosis reads from the shared watch caches, in the environment's app namespace. */
const diagnosisKinds = ['Pod', 'Deployment', 'ScaledObject', 'Event'] as const;

export type DiagnosisDeps = Pick<Deps, 'live' | 'clusterInspectors' | 'metrics' | 'now'>;

/** The diagnosis of an environment (or one component) for any reader of environments. */
export async function getEnvironmentDiagnosis(ctx: UseCaseContext, name: string, component?: ComponentName): Promise<Diagnosis> {
  const head = await getEnvironment(ctx, name);
  return diagnoseEnvironment(ctx.deps, head.spec, component);
}

/**
 * Reads what the four areas judge, each source failing alone: the shared watch caches (pods,
 * Deployments, ScaledObjects, events: start-up and scaling), one inspection of the namespace
 * (Services, EndpointSlices, NetworkPolicies, labels: network), Prometheus (performance, and
 * KEDA's metric for scaling). NO authorization: callers have read the environment.
 */
export async function diagnoseEnvironment(deps: DiagnosisDeps, spec: EnvironmentSpec, component?: ComponentName, syncWaitMs = 2000): Promise<Diagnosis> {
  return (await collectDiagnosis(deps, spec, component, syncWaitMs)).diagnosis;
}

/** The diagnosis and the namespace inspection it read (the support bundle packs both). */
export async function collectDiagnosis(deps: DiagnosisDeps, spec: EnvironmentSpec, component?: ComponentName, syncWaitMs = 2000): Promise<{ diagnosis: Diagnosis; inspection: NamespaceInspection | { unavailable: string } }> {
  if (component && !spec.components[component].enabled) throw new NotFound(`${component} is not enabled in ${spec.name}`);
  const components = component ? [component] : componentNames.filter((n) => spec.components[n].enabled);
  const namespace = platformNamespaces(spec).app;
  const keys: WatchKey[] = diagnosisKinds.map((kind) => ({ cluster: spec.cluster, kind, namespace }));
  const [live, prometheus] = await Promise.all([readLiveSnapshot(deps.live.state, keys, syncWaitMs), readPrometheus(deps, spec, components)]);
  const now = deps.now();
  const objects = (kind: string) => live.filter((entry) => entry.key.kind === kind).flatMap((entry) => entry.objects);
  const reach = clusterReachability(live.filter((entry) => entry.key.kind !== 'Event').map((entry) => entry.status), now);
  const liveProblem = reach.state === 'unreachable' ? `the cluster is unreachable since ${reach.since}${reach.error ? ` (${reach.error})` : ''}` : reach.state === 'forbidden' ? `${forbiddenRead(reach)} (${reach.error})` : reach.state === 'syncing' ? "the cluster's state is still being read; ask again in a moment" : null;
  const eventsOk = live.filter((entry) => entry.key.kind === 'Event').every((entry) => entry.status.synced);
  const events = eventsOk ? objects('Event').map(trimEvent) : [];
  const pods = objects('Pod').map(trimPod);
  const deployments = objects('Deployment').map(trimDeployment);
  const scaledObjects = objects('ScaledObject');
  const scaledObjectsServed = !live.some((entry) => entry.key.kind === 'ScaledObject' && entry.status.notServed);

  const startup: AreaResult = liveProblem
    ? { unavailable: liveProblem }
    : { findings: components.flatMap((c) => startupFindings({ component: c, now, pods: podsOfComponent(pods, c), events, memoryLimit: spec.components[c].resources.limits.memory })) };
  const scaling: AreaResult = liveProblem
    ? { unavailable: liveProblem }
    : {
        findings: components.flatMap((c) =>
          scalingFindings({
            component: c,
            autoscaled: spec.components[c].autoscaling.enabled,
            scaledObject: scaledObjects.find((o: LiveObject) => o.metadata.name === c),
            scaledObjectsServed,
            deployment: deployments.find((d) => d.metadata.name === c),
            events,
            metrics: 'unavailable' in prometheus ? { unavailable: prometheus.unavailable } : (prometheus.scaler.get(c) ?? []),
          }),
        ),
      };
  // A cluster the watches cannot reach is not asked again here (each read would wait out its deadline).
  const inspection = reach.state === 'unreachable' ? { unavailable: liveProblem! } : await inspect(deps, spec, components, namespace);
  const network: AreaResult =
    'unavailable' in inspection
      ? { unavailable: inspection.unavailable }
      : {
          findings: components.flatMap((c) =>
            networkFindings({
              component: c,
              namespace,
              inspection: inspection.inspection,
              pods: liveProblem ? [] : objects('Pod').map(networkPodOf),
              callers: inspection.callers.get(c) ?? [],
              namespaceLabels: inspection.namespaceLabels,
              scaledToZero: deployments.find((d) => d.metadata.name === c)?.replicas === 0,
            }),
          ),
        };
  const performance: AreaResult =
    'unavailable' in prometheus ? { unavailable: prometheus.unavailable } : { findings: components.flatMap((c) => performanceFindings({ component: c, values: prometheus.values.get(c) ?? {}, limits: spec.components[c].resources.limits })) };
  const results: Record<DiagnosisArea, AreaResult> = { startup, network, scaling, performance };
  const diagnosis = assembleDiagnosis({ environment: spec.name, component: component ?? null, components, now, results });
  return { diagnosis, inspection: 'unavailable' in inspection ? inspection : inspection.inspection };
}

type Inspected = { inspection: NamespaceInspection; callers: Map<ComponentName, Caller[]>; namespaceLabels: Map<string, Record<string, string>> };

async function inspect(deps: DiagnosisDeps, spec: EnvironmentSpec, components: ComponentName[], namespace: string): Promise<Inspected | { unavailable: string }> {
  try {
    const inspector = await deps.clusterInspectors.forCluster(spec.cluster);
    const inspection = await inspector.inspectNamespace(namespace);
    const callers = new Map(components.map((c) => [c, componentCallers(spec, c)]));
    const otherNamespaces = [...new Set([...callers.values()].flat().map((caller) => caller.namespace))].filter((ns) => ns !== namespace);
    // A caller namespace's labels are best effort: without them only its automatic name label is known.
    const labels = await Promise.all(otherNamespaces.map((ns) => inspector.readNamespace(ns).catch(() => null)));
    const namespaceLabels = new Map<string, Record<string, string>>([[namespace, inspection.namespace?.labels ?? {}], ...labels.flatMap((view) => (view ? [[view.name, view.labels] as [string, Record<string, string>]] : []))]);
    return { inspection, callers, namespaceLabels };
  } catch (error) {
    return { unavailable: `the namespace's Services, EndpointSlices and NetworkPolicies could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

type PrometheusRead = { values: Map<ComponentName, PerformanceValues>; scaler: Map<ComponentName, ScalerMetric[]> } | { unavailable: string };

/** Every measure of every component in parallel (the adapter bounds concurrency per URL); the first failure makes the area unavailable. */
async function readPrometheus(deps: DiagnosisDeps, spec: EnvironmentSpec, components: ComponentName[]): Promise<PrometheusRead> {
  const source = deps.metrics.forUrl(spec.observability.prometheusUrl);
  const namespace = platformNamespaces(spec).app;
  try {
    const perComponent = await Promise.all(
      components.map(async (c) => {
        const measures = measuresFor((servingComponentNames as readonly ComponentName[]).includes(c));
        const answers = await Promise.all(measures.map(async (measure) => [measure, (await source.queryInstant(performanceQuery(measure, namespace, c)))[0]?.value] as const));
        const values: PerformanceValues = Object.fromEntries(answers.filter(([, value]) => value !== undefined && Number.isFinite(value)));
        const scaler = spec.components[c].autoscaling.enabled ? (await source.queryInstant(scalerMetricQuery(namespace, c))).map((s) => ({ metric: s.labels.metric ?? '', value: s.value })) : [];
        return { c, values, scaler };
      }),
    );
    return { values: new Map(perComponent.map((p) => [p.c, p.values])), scaler: new Map(perComponent.map((p) => [p.c, p.scaler])) };
  } catch (error) {
    return { unavailable: `Prometheus at ${spec.observability.prometheusUrl} could not be asked: ${error instanceof Error ? error.message : String(error)}` };
  }
}
