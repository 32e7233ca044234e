// Pod start-up: pods the scheduler cannot place (with its reason), images that cannot be pulled,
// crash loops (the last termination's reason and exit code) and OOM kills against the memory
// limit. Pure: from the trimmed pods and events of the shared watch caches.
import type { ComponentName } from '../environments/environment-spec';
import type { TrimmedContainerStatus, TrimmedEvent, TrimmedPod } from '../live/trimmed';
import type { Finding } from './diagnosis';
import { describeEvent, duration, eventsAbout, plural, secondsSince } from './findings-support';

export type StartupInput = {
  component: ComponentName;
  now: Date;
  pods: readonly TrimmedPod[];
  events: readonly TrimmedEvent[];
  /** The container's memory limit as the spec renders it (512Mi). */
  memoryLimit: string;
};

/** Scheduling retries for a while on its own: shorter than this, a Pending pod is a warning. */
export const pendingGraceSeconds = 300;
/** An OOM kill this recent is worth a warning even when the container runs again. */
export const recentOomSeconds = 3600;

const imagePullReasons = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);
const configReasons = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

export function startupFindings(input: StartupInput): Finding[] {
  return input.pods.filter((pod) => !pod.metadata.deletionTimestamp).flatMap((pod) => podFindings(input, pod));
}

function podFindings(input: StartupInput, pod: TrimmedPod): Finding[] {
  const base = { area: 'startup' as const, component: input.component, object: `Pod/${pod.metadata.name}` };
  const scheduled = pod.conditions.find((condition) => condition.type === 'PodScheduled');
  if (pod.phase === 'Pending' && scheduled?.status === 'False') {
    const waited = secondsSince(input.now, scheduled.lastTransitionTime ?? pod.metadata.creationTimestamp);
    const why = scheduled.message ?? scheduled.reason ?? 'the scheduler gave no reason';
    const events = eventsAbout(input.events, 'Pod', pod.metadata.name, ['FailedScheduling']).slice(0, 1);
    return [
      {
        ...base,
        severity: waited !== undefined && waited < pendingGraceSeconds ? 'warning' : 'problem',
        what: `pod ${pod.metadata.name} is Pending: the scheduler cannot place it`,
        evidence: [`Pending for ${duration(waited)}`, `scheduler: ${why}`, ...events.map(describeEvent).filter((text) => !text.includes(why))],
        action: schedulingAction(why),
      },
    ];
  }
  if (pod.phase === 'Failed') {
    return [{ ...base, severity: 'problem', what: `pod ${pod.metadata.name} failed${pod.reason ? ` (${pod.reason})` : ''}`, evidence: [pod.message ?? 'no message'], action: 'Its controller replaces it; if pods keep failing with this reason, fix what the message names (an eviction: the node ran short of memory or disk).' }];
  }
  return pod.containers.flatMap((container) => containerFindings(input, pod, container, base));
}

function containerFindings(input: StartupInput, pod: TrimmedPod, container: TrimmedContainerStatus, base: Pick<Finding, 'area' | 'component' | 'object'>): Finding[] {
  const who = `container ${container.name} of pod ${pod.metadata.name}`;
  const { state, lastTerminated } = container;
  const waitingReason = state.state === 'waiting' ? state.reason : undefined;
  if (waitingReason && imagePullReasons.has(waitingReason)) {
    const events = eventsAbout(input.events, 'Pod', pod.metadata.name, ['Failed', 'BackOff', 'ErrImagePull']).slice(0, 2);
    return [
      {
        ...base,
        severity: 'problem',
        what: `${who} cannot pull its image`,
        evidence: [`image ${container.image}`, `waiting: ${waitingReason}`, ...events.map(describeEvent)],
        action: `Check that ${container.image} exists in its registry (repository and tag in the environment's spec, components.${input.component}.image) and that the cluster may pull from that registry (credentials, network); then deploy again.`,
      },
    ];
  }
  if (waitingReason && configReasons.has(waitingReason)) {
    const events = eventsAbout(input.events, 'Pod', pod.metadata.name, ['Failed']).slice(0, 1);
    return [{ ...base, severity: 'problem', what: `${who} cannot start (${waitingReason})`, evidence: [`waiting: ${waitingReason}`, ...events.map(describeEvent)], action: 'A ConfigMap, Secret or key the container reads is missing or the container spec is invalid: the event names it. Create it, or deploy again so the console applies it.' }];
  }
  const oom = lastTerminated?.reason === 'OOMKilled' || (state.state === 'terminated' && state.reason === 'OOMKilled');
  const oomFinding = (severity: Finding['severity']): Finding => ({
    ...base,
    severity,
    what: `${who} was killed for using more memory than its limit of ${input.memoryLimit}`,
    evidence: [
      `last termination: OOMKilled, exit code ${lastTerminated?.exitCode ?? (state.state === 'terminated' ? state.exitCode : undefined) ?? 137}${lastTerminated?.finishedAt ? ` at ${lastTerminated.finishedAt}` : ''}`,
      `memory limit ${input.memoryLimit} (components.${input.component}.resources.limits.memory)`,
      plural(container.restartCount, 'restart'),
    ],
    action: `Raise components.${input.component}.resources.limits.memory (and the request with it) through a scale or an edit, or find what makes it grow (the memory chart on the monitoring page shows the working set against the limit).`,
  });
  if (waitingReason === 'CrashLoopBackOff') {
    if (oom) return [oomFinding('problem')];
    const exit = lastTerminated?.exitCode;
    return [
      {
        ...base,
        severity: 'problem',
        what: `${who} is crash-looping`,
        evidence: [
          plural(container.restartCount, 'restart'),
          lastTerminated ? `last termination: ${lastTerminated.reason ?? 'no reason'}, exit code ${exit ?? 'unknown'}${lastTerminated.finishedAt ? ` at ${lastTerminated.finishedAt}` : ''}` : 'no termination recorded yet',
          ...(exit !== undefined && exitCodeMeaning(exit) ? [`exit code ${exit}: ${exitCodeMeaning(exit)}`] : []),
        ],
        action: `Read the log of its previous run (the component's Logs, or the support bundle): the process exits${exit !== undefined ? ` with ${exit}` : ''} soon after it starts. A configuration it reads, a dependency it cannot reach or a failing liveness probe are the usual causes.`,
      },
    ];
  }
  const finishedAgo = secondsSince(input.now, lastTerminated?.finishedAt);
  if (oom && finishedAgo !== undefined && finishedAgo < recentOomSeconds) return [oomFinding('warning')];
  return [];
}

/** What to do about a scheduler's reason (kube-scheduler's FailedScheduling words). */
export function schedulingAction(why: string): string {
  if (/node affinity|node selector|nodeSelector|didn't match Pod's node/i.test(why)) {
    return "No node carries the labels the pod's nodeSelector or node affinity asks for: label nodes to match, or correct the selector.";
  }
  if (/Insufficient (cpu|memory)|Too many pods/i.test(why)) return "The nodes lack the free CPU or memory the pod requests: lower the component's resource requests, or add nodes (the cluster's autoscaler, or the environment's node pool).";
  if (/taint/i.test(why)) return 'The only nodes left carry taints the pod does not tolerate: remove the taint, or add nodes the pod may use.';
  if (/anti-affinity|affinity\/selector|topology spread/i.test(why)) return "Every node already runs a replica where two may not share one: add nodes, or lower the component's replicas (production and staging place one replica per node).";
  if (/persistentvolumeclaim|volume/i.test(why)) return 'A volume the pod needs cannot be bound or attached here: check its PersistentVolumeClaim and StorageClass.';
  return "Read the scheduler's reason above: it names what each node lacks.";
}

function exitCodeMeaning(code: number): string | undefined {
  if (code === 137) return 'killed (SIGKILL): the memory limit, a failed liveness probe or a node shutting down';
  if (code === 143) return 'stopped by SIGTERM';
  if (code === 139) return 'segmentation fault';
  if (code === 126 || code === 127) return 'the command could not be run (not found or not executable)';
  if (code === 1) return 'the application reported an error';
  return undefined;
}
