import { canReadLogs } from '@/lib/core/auth/roles';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import type { ComponentName } from '@/lib/core/environments/environment-spec';
import { DomainError, InvalidInput, NotFound, Unavailable } from '@/lib/core/errors';
import { watchKeyString, type WatchKey } from '@/lib/core/live/live-kinds';
import { componentLabel, componentPods, pickContainer, podLogRequest, tailOfLog, type LogPod, type PodLogSource } from '@/lib/core/logs/pod-logs';
import type { ComponentLogs as ContractLogs } from '@/lib/core/logs/log-contract';
import { redactLogLine } from '@/lib/core/logs/redact-log-line';
import { logger } from '../logger';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { getEnvironment } from '../environments/get-environment';

export type ComponentLogsQuery = { pod?: string; container?: string; tail: number; timestamps: boolean; sinceSeconds?: number };

export type ComponentLogs = ContractLogs & { component: ComponentName };

/**
 * The last lines of one container of one of a component's pods, secrets redacted. The pod must be
 * the component's in the environment's own namespace, as the shared watch cache (when it already
 * follows that namespace) or the API server (by label) lists them now: a pod name is never passed
 * on as given, so no request reaches another namespace's or another component's logs.
 */
export async function readComponentLogs(ctx: UseCaseContext, environment: string, component: ComponentName, query: ComponentLogsQuery): Promise<ComponentLogs> {
  const actor = requireActor(ctx);
  enforce(canReadLogs(actor));
  const { spec } = await getEnvironment(ctx, environment);
  if (!spec.components[component].enabled) throw new NotFound(`${component} is not enabled in ${environment}`);
  const namespace = platformNamespaces(spec).app;
  const source = await unavailableUnless(ctx, () => ctx.deps.podLogs.forCluster(spec.cluster), { environment, component });
  const pods = await unavailableUnless(ctx, () => podsOfComponent(ctx, { cluster: spec.cluster, kind: 'Pod', namespace }, component, source), { environment, component });
  const base = { environment, component, pods, tail: query.tail, readAt: ctx.deps.now().toISOString() };
  if (pods.length === 0 && query.pod === undefined) return { ...base, pod: null, container: null, lines: [], redactions: 0, truncated: false };
  // Without ?pod=, the first pod: one serving a log now when there is one (componentPods, findPods).
  const pod = query.pod === undefined ? pods[0]! : pods.find((candidate) => candidate.name === query.pod);
  if (!pod) throw new NotFound(`${query.pod} is not a pod of ${component} in ${environment}`);
  const container = pickContainer(pod, component, query.container);
  if (!container) throw new InvalidInput(`${pod.name} has no container ${query.container ?? ''}`.trim(), [{ path: 'container', message: `one of: ${pod.containers.join(', ') || '(none)'}` }]);
  // The context above the tail is read and redacted with it: a secret's key, BEGIN line or opening
  // quote just above the lines shown still hides its value.
  const request = podLogRequest({ namespace, pod: pod.name, container }, query);
  const text = await unavailableUnless(ctx, () => source.readPodLog(request), { environment, component, pod: pod.name, container });
  // Who read which pod's log: the API server's audit log names only the console's ServiceAccount.
  // A log line, not an audit event: a followed tail reads again every few seconds.
  logger.info('pod log read', { requestId: ctx.requestId, userId: actor.userId, environment, component, pod: pod.name, container, tail: query.tail });
  return { ...base, pod: pod.name, container, ...tailOfLog(text, { tailLines: query.tail, limitBytes: request.limitBytes, timestamps: query.timestamps, sinceSeconds: query.sinceSeconds }) };
}

/**
 * A cluster that cannot be reached with the stored credential, list the pods or serve the log
 * (unreachable, refusing the console, a kubelet out of reach): "logs unavailable" with what it said, redacted like the lines, since the
 * API server's message can quote the kubelet's answer.
 */
async function unavailableUnless<T>(ctx: UseCaseContext, read: () => Promise<T>, details: Record<string, string>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof DomainError)) logger.error('pod log read failed', { requestId: ctx.requestId, ...details, error: error instanceof Error ? error.message : String(error) });
    const said = error instanceof DomainError ? redactLogLine(error.message).text : 'the log could not be read';
    throw new Unavailable(`logs unavailable: ${said}`, details);
  }
}

/** From the shared watch cache when one already follows the namespace (no request), else one labelled list. */
async function podsOfComponent(ctx: UseCaseContext, key: WatchKey, component: ComponentName, source: PodLogSource): Promise<LogPod[]> {
  const { state } = ctx.deps.live;
  const followed = state.statuses().some((status) => watchKeyString(status.key) === watchKeyString(key) && status.synced && status.unreachableSince === null);
  if (followed) {
    const subscription = state.subscribe(key, () => undefined);
    try {
      if (subscription.status().synced) return componentPods(subscription.snapshot(), component);
    } finally {
      subscription.close();
    }
  }
  return source.findPods(key.namespace, { [componentLabel]: component });
}
