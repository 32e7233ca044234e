import { canDownloadSupportBundle } from '@/lib/core/auth/roles';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import type { ComponentName, EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { clusterReachability } from '@/lib/core/health/environment-health';
import type { WatchKey } from '@/lib/core/live/live-kinds';
import type { LiveObject } from '@/lib/core/live/trim-live-object';
import { componentPods, podLogRequest, tailOfLog } from '@/lib/core/logs/pod-logs';
import { redactionMarker, redactLogLine } from '@/lib/core/logs/redact-log-line';
import type { Diagnosis } from '@/lib/core/troubleshoot/diagnosis';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { getEnvironment } from '../environments/get-environment';
import { readLiveSnapshot } from '../live/read-live-snapshot';
import { logger } from '../logger';
import { toPlanDto } from '../plans/plan-dto';
import { toRunDto } from '../runs/run-dto';
import { collectDiagnosis } from './diagnose-environment';
import { tarGz, type TarEntry } from './tar-gz';

/** What a bundle holds of each source: enough to see what happened, bounded so one stays small. */
export const bundleLimits = { logLines: 200, podsPerComponent: 5, events: 300, runs: 10, plans: 10 } as const;

const objectKinds = ['Deployment', 'ReplicaSet', 'Pod', 'ScaledObject', 'PodDisruptionBudget', 'HorizontalPodAutoscaler'] as const;

export type SupportBundle = { fileName: string; archive: Buffer; files: string[]; diagnosis: Diagnosis };

/**
 * A support bundle of an environment (or one component), for those who may read logs: the
 * diagnosis, object states as the watch caches keep them (trimmed: no env, no Secret, no
 * annotations but KEDA's), the namespace's Services and policies, recent events, log tails with
 * secrets redacted, firing alerts, and the last runs and plans. Each source fails alone (its file
 * says why). Every text file is passed through the log redaction once more before it is packed,
 * so a secret-looking value that reached any part (an event message, a condition) leaves hidden.
 * No cluster credential is ever read here: the adapters hold them and answer only objects.
 */
export async function createSupportBundle(ctx: UseCaseContext, name: string, component?: ComponentName): Promise<SupportBundle> {
  const actor = requireActor(ctx);
  enforce(canDownloadSupportBundle(actor));
  const head = await getEnvironment(ctx, name);
  const spec = head.spec;
  const now = ctx.deps.now();
  const { diagnosis, inspection } = await collectDiagnosis(ctx.deps, spec, component);
  const namespace = platformNamespaces(spec).app;
  const keys: WatchKey[] = [...objectKinds, 'Event' as const].map((kind) => ({ cluster: spec.cluster, kind, namespace }));
  const [live, alerts, runs, plans] = await Promise.all([
    readLiveSnapshot(ctx.deps.live.state, keys, 2000),
    attempt(async () => {
      const found = await ctx.deps.alerts.findAlerts({ prometheusUrl: spec.observability.prometheusUrl, alertmanagerUrl: spec.observability.alertmanagerUrl }, spec.name);
      if (!found.sources.prometheus.ok) throw new Error(found.sources.prometheus.message);
      return found.alerts.filter((alert) => alert.state === 'firing' && (!component || alert.component === component));
    }),
    attempt(async () => (await ctx.deps.runs.findRuns(spec.name, { limit: bundleLimits.runs })).items.map((run) => toRunDto(run))),
    attempt(async () => (await ctx.deps.plans.findPlans(spec.name, { limit: bundleLimits.plans })).items.map((plan) => toPlanDto(plan, now))),
  ]);
  const ofComponent = (object: LiveObject) => !component || object.metadata.labels?.['app.kubernetes.io/name'] === component || object.metadata.name === component || object.metadata.name.startsWith(`${component}-`);
  const objects = (kind: string) => live.filter((entry) => entry.key.kind === kind).flatMap((entry) => entry.objects);
  const events = objects('Event')
    .filter((event) => !component || String((event.involvedObject as { name?: string } | undefined)?.name ?? '').startsWith(component))
    .sort((a, b) => String(b.lastTimestamp ?? b.eventTime ?? '').localeCompare(String(a.lastTimestamp ?? a.eventTime ?? '')))
    .slice(0, bundleLimits.events);
  // A cluster the watches cannot reach is not asked for logs (each read would wait out its deadline).
  const reach = clusterReachability(live.map((entry) => entry.status), now);
  const logs = reach.state === 'unreachable' ? [{ path: 'logs/unavailable.txt', content: `logs not read: the cluster is unreachable since ${reach.since}\n` }] : await readLogTails(ctx, spec, namespace, diagnosis.components, objects('Pod'));

  const root = `${spec.name}-support-${now.toISOString().replace(/[-:]|\.\d+/g, '')}`;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const entries: TarEntry[] = [
    { path: 'README.txt', content: readme(spec, component, actor.userId, now, live.map((entry) => entry.status)) },
    { path: 'diagnosis.json', content: json(diagnosis) },
    { path: 'environment.json', content: json({ name: spec.name, revision: head.number, spec }) },
    ...objectKinds.map((kind) => ({ path: `objects/${kind}.json`, content: json(objects(kind).filter(ofComponent)) })),
    { path: 'objects/namespace.json', content: json(inspection) },
    { path: 'events.json', content: json(events) },
    { path: 'alerts.json', content: json(alerts) },
    { path: 'runs.json', content: json(runs) },
    { path: 'plans.json', content: json(plans) },
    ...logs,
  ].map((entry) => ({ path: `${root}/${entry.path}`, content: redactText(String(entry.content)) }));
  logger.info('support bundle made', { requestId: ctx.requestId, userId: actor.userId, environment: spec.name, component: component ?? null, files: entries.length });
  return { fileName: `${root}.tar.gz`, archive: tarGz(entries, now), files: entries.map((entry) => entry.path), diagnosis };
}

/** A source's answer, or what went wrong with it (redacted: an API server's message may quote what it was sent). */
async function attempt<T>(read: () => Promise<T>): Promise<T | { unavailable: string }> {
  try {
    return await read();
  } catch (error) {
    return { unavailable: redactLogLine(error instanceof Error ? error.message : String(error)).text };
  }
}

/** The last lines of each container of the first pods of each component, redacted as the log view redacts them. */
async function readLogTails(ctx: UseCaseContext, spec: EnvironmentSpec, namespace: string, components: ComponentName[], pods: LiveObject[]): Promise<TarEntry[]> {
  const source = await attempt(() => ctx.deps.podLogs.forCluster(spec.cluster));
  if ('unavailable' in source) return [{ path: 'logs/unavailable.txt', content: `logs could not be read: ${source.unavailable}\n` }];
  const reads = components.flatMap((component) =>
    componentPods(pods, component)
      .slice(0, bundleLimits.podsPerComponent)
      .flatMap((pod) =>
        pod.containers.map(async (container): Promise<TarEntry> => {
          const path = `logs/${pod.name}_${container}.log`;
          const request = podLogRequest({ namespace, pod: pod.name, container }, { tail: bundleLimits.logLines, timestamps: true });
          try {
            const tail = tailOfLog(await source.readPodLog(request), { tailLines: bundleLimits.logLines, limitBytes: request.limitBytes, timestamps: true });
            return { path, content: tail.lines.join('\n') + (tail.lines.length ? '\n' : '') };
          } catch (error) {
            return { path, content: `(no log: ${redactLogLine(error instanceof Error ? error.message : String(error)).text})\n` };
          }
        }),
      ),
  );
  return Promise.all(reads);
}

/** Every line through the log redaction: the last guard before anything leaves the server. */
function redactText(text: string): string {
  return text
    .split('\n')
    .map((line) => redactLogLine(line).text)
    .join('\n');
}

function readme(spec: EnvironmentSpec, component: ComponentName | undefined, userId: string, now: Date, statuses: Array<{ key: WatchKey; synced: boolean; error: string | null }>): string {
  const unsynced = statuses.filter((status) => !status.synced);
  return [
    `PersonaPass support bundle of ${spec.name}${component ? `, component ${component}` : ''}`,
    `made ${now.toISOString()} by user ${userId}, cluster ${spec.cluster}, namespace ${spec.namespace}`,
    '',
    'diagnosis.json       findings per area (what, evidence, what to do) and the areas that could not be judged',
    'environment.json     the head revision of the environment spec',
    'objects/*.json       Deployments, ReplicaSets, Pods, ScaledObjects, budgets and HPAs as the console keeps them (trimmed)',
    "objects/namespace.json  the namespace's labels, Services, EndpointSlices and NetworkPolicies",
    `events.json          up to ${bundleLimits.events} recent events, newest first`,
    `logs/                the last ${bundleLimits.logLines} lines of each container of up to ${bundleLimits.podsPerComponent} pods per component, secrets redacted`,
    'alerts.json          firing alerts',
    `runs.json, plans.json  the last ${bundleLimits.runs} deploy runs and plans`,
    '',
    `No Secret value and no cluster credential is included; values that look like secrets are replaced with ${redactionMarker}.`,
    ...(unsynced.length ? ['', 'Not current (watch not synced):', ...unsynced.map((s) => `  ${s.key.kind} in ${s.key.namespace}: ${s.error ?? 'still listing'}`)] : []),
    '',
  ].join('\n');
}
