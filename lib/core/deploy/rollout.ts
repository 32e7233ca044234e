import type { PlainObject, RolloutStatus } from './cluster-gateway';

// A Deployment's rollout judged from the Deployment and its pods, as `kubectl rollout status` judges
// it, plus the reasons the pods give when it is stuck. Pure: the gateway reads, this decides.

type Condition = { type?: string; status?: string; reason?: string; message?: string };
type ContainerState = { name?: string; state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode?: number } } };

// Waiting reasons that hold a rollout back until someone changes something.
const stuckReasons = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/**
 * `minReplicas`: the floor of the autoscaler that keeps an autoscaled Deployment's count, so a rollout
 * is complete only when that many pods serve, whatever spec.replicas says before the autoscaler's
 * first sync.
 */
export function rolloutOf(deployment: PlainObject, pods: readonly PlainObject[], minReplicas = 0): RolloutStatus {
  const spec = (deployment.spec ?? {}) as { replicas?: number; paused?: boolean };
  const status = (deployment.status ?? {}) as { observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; conditions?: Condition[] };
  const generation = (deployment.metadata as { generation?: number }).generation ?? 0;
  const wanted = Math.max(spec.replicas ?? 1, minReplicas);
  const updated = status.updatedReplicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const observed = (status.observedGeneration ?? 0) >= generation;
  // Old pods still terminating count against completion, as they do for kubectl.
  const noOldPods = (status.replicas ?? 0) <= updated;
  const complete = observed && updated === wanted && ready === wanted && available === wanted && noOldPods;
  const stalled = (status.conditions ?? []).some((c) => c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded');
  // A paused Deployment rolls nothing out until someone resumes it: no point waiting for it.
  const paused = spec.paused === true && !complete;
  return { complete, wanted, updated, ready, available, problems: complete ? [] : pods.flatMap(podProblems), stalled, paused };
}

/** Why one pod is not serving: a stuck container, or the scheduler's word on a pending pod. */
export function podProblems(pod: PlainObject): RolloutStatus['problems'] {
  const name = pod.metadata.name;
  const status = (pod.status ?? {}) as { phase?: string; conditions?: Condition[]; containerStatuses?: ContainerState[]; initContainerStatuses?: ContainerState[] };
  const problems: RolloutStatus['problems'] = [];
  for (const container of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) {
    const waiting = container.state?.waiting;
    if (waiting?.reason && stuckReasons.has(waiting.reason)) {
      problems.push({ pod: name, reason: waiting.reason, message: `container ${container.name}: ${waiting.message ?? waiting.reason}` });
    }
  }
  if (status.phase === 'Pending' && problems.length === 0) {
    const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False') problems.push({ pod: name, reason: 'Pending', message: scheduled.message ?? scheduled.reason ?? 'not scheduled' });
  }
  return problems;
}
