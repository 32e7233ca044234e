import type {
  ClusterReachability,
  TrimmedCondition,
  TrimmedDeployment,
  TrimmedPod,
  TrimmedPodDisruptionBudget,
  TrimmedScaledObject,
} from '../live/trimmed';

export const healthStatuses = ['Healthy', 'Progressing', 'Degraded', 'Scaled to zero', 'Unknown'] as const;
export type HealthStatus = (typeof healthStatuses)[number];

/** One reason, in plain words; `problem` made the verdict worse, `warning` did not but deserves a look. */
export type HealthReason = { level: 'problem' | 'warning' | 'info'; text: string };

export type ComponentHealth = { status: HealthStatus; reasons: HealthReason[] };

/** A firing alert about the component (from Alertmanager or Prometheus); pending ones are not given. */
export type FiringAlert = { name: string; severity: string; since: string; summary?: string };

export type ComponentHealthInput = {
  /** The component's name (wallet-api); its Deployments are `name` and `name-canary`. */
  component: string;
  now: Date;
  cluster: ClusterReachability;
  /** The component's Deployments from the cache (stable, and canary when it has one). */
  deployments: readonly TrimmedDeployment[];
  /** The pods of those Deployments. */
  pods: readonly TrimmedPod[];
  scaledObject?: TrimmedScaledObject;
  disruptionBudgets: readonly TrimmedPodDisruptionBudget[];
  alerts: readonly FiringAlert[];
};

/** A pod Pending for longer than this, or a rollout this long without progress, is a problem, not progress. */
export const pendingGraceSeconds = 300;
/** KEDA polls every 15 s: an active autoscaler still at zero after this is not waking the component. */
export const wakeGraceSeconds = 120;
/** A container that restarted within this window shows as a warning. */
export const recentRestartSeconds = 900;

const imagePullReasons = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);
const configReasons = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

const condition = (conditions: readonly TrimmedCondition[], type: string) => conditions.find((c) => c.type === type);
const secondsSince = (now: Date, time: string | undefined) => (time ? (now.getTime() - Date.parse(time)) / 1000 : Number.POSITIVE_INFINITY);

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'a while';
  if (seconds < 90) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** "the console may not read Pods in personapass-prod": what a forbidden reachability refused. */
export function forbiddenRead(cluster: { kind: string; namespace: string }): string {
  return `the console may not read ${cluster.kind}s in ${cluster.namespace || 'the cluster'}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The component's health from what the watch cache holds: Unknown while its cluster cannot be read
 * (never the last green), Degraded when something is broken (a critical alert, a crash loop, an
 * image that cannot be pulled, a pod that cannot be scheduled, a rollout past its deadline, an
 * autoscaler that cannot scale), Progressing while it converges, Scaled to zero when nothing runs on
 * purpose, otherwise Healthy. Every verdict carries its reasons.
 */
export function componentHealth(input: ComponentHealthInput): ComponentHealth {
  const { now, cluster } = input;
  if (cluster.state === 'unreachable') {
    return {
      status: 'Unknown',
      reasons: [{ level: 'problem', text: `cluster unreachable since ${cluster.since}${cluster.error ? ` (${cluster.error})` : ''}` }],
    };
  }
  if (cluster.state === 'forbidden') {
    return { status: 'Unknown', reasons: [{ level: 'problem', text: `${forbiddenRead(cluster)} (${cluster.error})` }] };
  }
  if (cluster.state === 'syncing') {
    return { status: 'Unknown', reasons: [{ level: 'info', text: `reading the cluster's state (connected at ${cluster.since})` }] };
  }

  const problems: string[] = [];
  const progress: string[] = [];
  const warnings: string[] = [];
  const info: string[] = [];

  for (const alert of input.alerts) {
    const text = `alert ${alert.name} firing since ${alert.since}${alert.summary ? `: ${alert.summary}` : ''}`;
    if (alert.severity === 'critical') problems.push(text);
    else warnings.push(text);
  }

  const stable = input.deployments.find((d) => d.metadata.name === input.component);
  if (!stable) {
    problems.push(`its Deployment ${input.component} is not in the cluster (not deployed yet, or deleted)`);
    return verdict('Degraded', problems, progress, warnings, info);
  }

  for (const deployment of input.deployments) judgeDeployment(deployment, now, problems, progress, warnings);
  for (const pod of input.pods) judgePod(pod, now, problems, progress, warnings);

  const desired = input.deployments.reduce((sum, d) => sum + (d.replicas ?? 1), 0);
  const running = input.pods.filter((p) => p.phase === 'Running' && !p.metadata.deletionTimestamp).length;
  const scaler = input.scaledObject;
  let atZero = false;

  if (scaler) {
    const ready = condition(scaler.conditions, 'Ready');
    const active = condition(scaler.conditions, 'Active');
    const fallback = condition(scaler.conditions, 'Fallback');
    if (ready?.status === 'False') {
      problems.push(`the autoscaler is not ready: ${ready.message ?? ready.reason ?? 'KEDA cannot read its triggers'}`);
    }
    if (fallback?.status === 'True') warnings.push(`the autoscaler uses its fallback replica count: ${fallback.message ?? 'a trigger keeps failing'}`);
    if (scaler.paused) {
      warnings.push(
        scaler.paused.replicas !== undefined ? `autoscaling paused, held at ${plural(scaler.paused.replicas, 'replica')}` : 'autoscaling paused at the current replica count',
      );
    }
    const stableDesired = stable.replicas ?? 1;
    if (stableDesired === 0) {
      const pausedAtZero = scaler.paused?.replicas === 0;
      if (active?.status === 'True' && !pausedAtZero) {
        const wake = wakeStart(scaler, active);
        const since = secondsSince(now, wake?.at);
        const text = !wake
          ? `the autoscaler is active but ${input.component} is at 0 replicas`
          : wake.from === 'lastActiveTime'
            ? `the autoscaler is active but ${input.component} is at 0 replicas, and KEDA last found it active ${duration(since)} ago`
            : `the autoscaler has been active for ${duration(since)} but ${input.component} is at 0 replicas`;
        // Since when unknown: KEDA scales on its next poll (seconds), so it is taken to be waking.
        if (wake && since > wakeGraceSeconds) problems.push(text);
        else progress.push(`waking from zero: ${text}`);
      } else if (ready?.status !== 'False') {
        atZero = true;
        info.push(pausedAtZero ? 'autoscaling paused at 0 replicas' : 'scaled to zero by the autoscaler: no trigger is active, and one will wake it');
      }
    } else if (scaler.minReplicaCount !== undefined && stableDesired < scaler.minReplicaCount && !scaler.paused) {
      progress.push(`${stableDesired} replicas, below the autoscaler's minimum of ${scaler.minReplicaCount}`);
    }
  } else if (desired === 0) {
    atZero = true;
    info.push('scaled to zero: its replicas are set to 0');
  }

  if (!atZero && desired > 0 && problems.length === 0 && progress.length === 0) {
    info.push(`${running} of ${plural(desired, 'replica')} running and ready`);
  }

  for (const budget of input.disruptionBudgets) {
    const { disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods } = budget.status;
    if (disruptionsAllowed > 0 || expectedPods === 0) continue;
    if (currentHealthy < desiredHealthy) continue; // already short of pods: the pods' own reasons say why
    warnings.push(
      `disruption budget ${budget.metadata.name} allows no eviction (${currentHealthy} healthy, ${desiredHealthy} required): a node drain would wait on it`,
    );
  }

  if (problems.length) return verdict('Degraded', problems, progress, warnings, info);
  if (progress.length) return verdict('Progressing', problems, progress, warnings, info);
  if (atZero) {
    const leftovers = input.pods.filter((p) => !p.metadata.deletionTimestamp && p.phase !== 'Succeeded' && p.phase !== 'Failed');
    if (leftovers.length) return verdict('Progressing', problems, [`scaling to zero: ${plural(leftovers.length, 'pod')} still running`], warnings, info);
    return verdict('Scaled to zero', problems, progress, warnings, info);
  }
  return verdict('Healthy', problems, progress, warnings, info);
}

/**
 * Since when a ScaledObject at zero has been waking. KEDA's Active condition has no
 * lastTransitionTime (used when a future KEDA writes one), so: the later of when the watch cache saw
 * Active turn True and status.lastActiveTime (KEDA sets it when it scales up from zero, and leaves
 * it alone while a scale-up fails). Neither known: undefined (the caller says Progressing).
 */
function wakeStart(scaler: TrimmedScaledObject, active: TrimmedCondition): { at: string; from: 'transition' | 'lastActiveTime' } | undefined {
  if (active.lastTransitionTime) return { at: active.lastTransitionTime, from: 'transition' };
  const observed = scaler.observedActiveSince;
  const lastActive = scaler.lastActiveTime;
  if (observed && (!lastActive || Date.parse(observed) >= Date.parse(lastActive))) return { at: observed, from: 'transition' };
  return lastActive ? { at: lastActive, from: 'lastActiveTime' } : undefined;
}

function verdict(status: HealthStatus, problems: string[], progress: string[], warnings: string[], info: string[]): ComponentHealth {
  return {
    status,
    reasons: [
      ...problems.map((text) => ({ level: 'problem' as const, text })),
      ...progress.map((text) => ({ level: 'info' as const, text })),
      ...warnings.map((text) => ({ level: 'warning' as const, text })),
      ...info.map((text) => ({ level: 'info' as const, text })),
    ],
  };
}

function judgeDeployment(deployment: TrimmedDeployment, now: Date, problems: string[], progress: string[], warnings: string[]) {
  const name = deployment.metadata.name;
  const { status } = deployment;
  const desired = deployment.replicas ?? 1;
  if (deployment.paused) warnings.push(`Deployment ${name} is paused: changes to it are not rolled out`);
  const progressing = condition(status.conditions, 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    problems.push(`Deployment ${name} stopped making progress: ${progressing.message ?? 'its rollout exceeded its deadline'}`);
    return;
  }
  const replicaFailure = condition(status.conditions, 'ReplicaFailure');
  if (replicaFailure?.status === 'True') problems.push(`Deployment ${name} cannot create pods: ${replicaFailure.message ?? replicaFailure.reason ?? 'replica failure'}`);
  const generation = deployment.metadata.generation;
  if (generation !== undefined && (status.observedGeneration ?? 0) < generation) {
    progress.push(`Deployment ${name}: the controller has not yet seen its latest change`);
    return;
  }
  if (status.updatedReplicas < desired) {
    progress.push(`Deployment ${name}: ${status.updatedReplicas} of ${plural(desired, 'replica')} updated`);
  } else if (status.replicas > desired) {
    progress.push(`Deployment ${name}: ${plural(status.replicas - desired, 'old replica')} still terminating`);
  } else if (status.availableReplicas < desired) {
    const available = condition(status.conditions, 'Available');
    const text = `Deployment ${name}: ${status.availableReplicas} of ${plural(desired, 'replica')} available`;
    // Available=False means fewer than the rollout's minimum for longer than the pods' own judgement.
    if (available?.status === 'False' && status.availableReplicas === 0 && secondsSince(now, available.lastTransitionTime) > pendingGraceSeconds) problems.push(text);
    else progress.push(text);
  }
}

function judgePod(pod: TrimmedPod, now: Date, problems: string[], progress: string[], warnings: string[]) {
  const name = pod.metadata.name;
  if (pod.metadata.deletionTimestamp) return; // going away: the Deployment's counts say what replaces it
  if (pod.phase === 'Failed') {
    problems.push(`pod ${name} failed${pod.reason ? ` (${pod.reason})` : ''}${pod.message ? `: ${pod.message}` : ''}`);
    return;
  }
  if (pod.phase === 'Pending') {
    const scheduled = condition(pod.conditions, 'PodScheduled');
    if (scheduled?.status === 'False') {
      const why = scheduled.message ?? scheduled.reason ?? 'no node fits it';
      const waited = secondsSince(now, scheduled.lastTransitionTime ?? pod.metadata.creationTimestamp);
      const text = `pod ${name} cannot be scheduled for ${duration(waited)}: ${why}`;
      if (waited > pendingGraceSeconds) problems.push(text);
      else progress.push(text);
      return;
    }
  }
  for (const container of pod.containers) {
    const who = `pod ${name}, container ${container.name}`;
    const { state } = container;
    if (state.state === 'waiting' && state.reason === 'CrashLoopBackOff') {
      const oom = container.lastTerminated?.reason === 'OOMKilled';
      problems.push(
        `${who} is crash-looping (${plural(container.restartCount, 'restart')})${oom ? ': killed for using more memory than its limit' : container.lastTerminated?.exitCode !== undefined ? `: last exit code ${container.lastTerminated.exitCode}` : ''}`,
      );
      continue;
    }
    if (state.state === 'waiting' && state.reason && imagePullReasons.has(state.reason)) {
      problems.push(`${who} cannot pull its image ${container.image} (${state.reason})`);
      continue;
    }
    if (state.state === 'waiting' && state.reason && configReasons.has(state.reason)) {
      problems.push(`${who} cannot start (${state.reason})`);
      continue;
    }
    if (container.lastTerminated && secondsSince(now, container.lastTerminated.finishedAt) < recentRestartSeconds) {
      const oom = container.lastTerminated.reason === 'OOMKilled';
      warnings.push(
        `${who} restarted ${duration(secondsSince(now, container.lastTerminated.finishedAt))} ago${oom ? ', killed for using more memory than its limit' : ''} (${plural(container.restartCount, 'restart')} in all)`,
      );
    }
    if (pod.phase === 'Running' && !container.init && !container.ready && state.state === 'running') {
      const started = secondsSince(now, state.startedAt);
      const text = `${who} is running but not ready for ${duration(started)}`;
      if (started > pendingGraceSeconds) problems.push(text);
      else progress.push(text);
    }
  }
  if (pod.phase === 'Pending' && !problems.some((p) => p.startsWith(`pod ${name}`))) progress.push(`pod ${name} is starting`);
}
