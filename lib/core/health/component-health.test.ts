import { describe, expect, it } from 'vitest';
import { trimDeployment, trimPod, trimPodDisruptionBudget, trimScaledObject } from '../live/trim';
import type { ClusterReachability } from '../live/trimmed';
import { type ComponentHealthInput, componentHealth, type FiringAlert } from './component-health';

// Objects shaped as `kubectl get -o json` prints them for the rendered wallet-api in dev, trimmed
// the way the watch cache trims them.

const now = new Date('2025-06-02T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
const labels = { 'app.kubernetes.io/name': 'wallet-api', 'app.kubernetes.io/instance': 'wallet-api-dev', 'personapass.dev/environment': 'dev' };

function deploymentJson(name: string, options: { replicas?: number; ready?: number; updated?: number; generation?: number; observed?: number; conditions?: unknown[] } = {}) {
  const replicas = options.replicas ?? 2;
  const ready = options.ready ?? replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'personapass-dev',
      uid: `uid-${name}`,
      resourceVersion: '4711',
      generation: options.generation ?? 3,
      creationTimestamp: ago(86_400),
      labels: { ...labels, 'app.kubernetes.io/version': '1.4.2' },
      annotations: { 'deployment.kubernetes.io/revision': '3', 'kubectl.kubernetes.io/last-applied-configuration': '{"huge":true}' },
      managedFields: [{ manager: 'personapass-console', operation: 'Apply' }],
    },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'wallet-api', image: 'registry.example.com/personapass/wallet-api:1.4.2' }] } } },
    status: {
      observedGeneration: options.observed ?? options.generation ?? 3,
      ...(replicas ? { replicas, updatedReplicas: options.updated ?? replicas } : {}),
      ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}),
      ...(replicas - ready > 0 ? { unavailableReplicas: replicas - ready } : {}),
      conditions: options.conditions ?? [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastTransitionTime: ago(80_000) },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}-7d9f8b6c5d" has successfully progressed.`, lastTransitionTime: ago(80_000) },
      ],
    },
  };
}

type ContainerStatus = Record<string, unknown>;
const runningContainer = (extra: ContainerStatus = {}): ContainerStatus => ({
  name: 'wallet-api',
  ready: true,
  restartCount: 0,
  image: 'registry.example.com/personapass/wallet-api:1.4.2',
  imageID: 'registry.example.com/personapass/wallet-api@sha256:' + 'a'.repeat(64),
  started: true,
  state: { running: { startedAt: ago(3600) } },
  ...extra,
});

function podJson(name: string, options: { phase?: string; containers?: ContainerStatus[]; conditions?: unknown[]; deleting?: boolean; created?: number } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'personapass-dev',
      uid: `uid-${name}`,
      resourceVersion: '5000',
      creationTimestamp: ago(options.created ?? 3600),
      ...(options.deleting ? { deletionTimestamp: ago(1) } : {}),
      labels: { ...labels, 'pod-template-hash': '7d9f8b6c5d', 'personapass.dev/track': 'stable' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'wallet-api-7d9f8b6c5d', uid: 'rs', controller: true }],
    },
    spec: { nodeName: options.phase === 'Pending' ? undefined : 'kwok-node-0', containers: [{ name: 'wallet-api' }] },
    status: {
      phase: options.phase ?? 'Running',
      podIP: '10.0.0.7',
      startTime: ago(3600),
      conditions: options.conditions ?? [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: ago(3600) },
        { type: 'Ready', status: 'True', lastTransitionTime: ago(3500) },
      ],
      ...(options.phase === 'Pending' && !options.containers ? {} : { containerStatuses: options.containers ?? [runningContainer()] }),
    },
  };
}

// KEDA's Condition (kedacore/keda apis/keda/v1alpha1/condition_types.go) has type, status, reason and message
// only: no lastTransitionTime. `lastActive` is status.lastActiveTime; `observedActiveSince` is what the watch
// cache adds when it saw Active turn True (observeLiveObject).
function scaledObjectJson(options: { min?: number; ready?: 'True' | 'False'; active?: 'True' | 'False'; lastActive?: number; observedActiveSince?: number; paused?: string; readyMessage?: string }) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: {
      name: 'wallet-api',
      namespace: 'personapass-dev',
      uid: 'uid-so',
      resourceVersion: '6000',
      labels,
      annotations: options.paused !== undefined ? { 'autoscaling.keda.sh/paused-replicas': options.paused } : {},
    },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'wallet-api' }, minReplicaCount: options.min ?? 0, maxReplicaCount: 10 },
    ...(options.observedActiveSince !== undefined ? { observedActiveSince: ago(options.observedActiveSince) } : {}),
    status: {
      ...(options.lastActive !== undefined ? { lastActiveTime: ago(options.lastActive) } : {}),
      scaleTargetKind: 'apps/v1.Deployment',
      originalReplicaCount: 1,
      conditions: [
        { type: 'Ready', status: options.ready ?? 'True', reason: options.ready === 'False' ? 'ScaledObjectCheckFailed' : 'ScaledObjectReady', message: options.readyMessage ?? (options.ready === 'False' ? 'Failed to ensure HPA is correctly created for ScaledObject' : 'ScaledObject is defined correctly and is ready for scaling') },
        { type: 'Active', status: options.active ?? 'False', reason: options.active === 'True' ? 'ScalerActive' : 'ScalerNotActive', message: options.active === 'True' ? 'Scaling is performed because triggers are active' : 'Scaling is not performed because triggers are not active' },
        { type: 'Fallback', status: 'False', reason: 'NoFallbackFound', message: 'No fallbacks are active on this scaled object' },
        { type: 'Paused', status: options.paused !== undefined ? 'True' : 'False', reason: 'ScaledObjectUnpaused' },
      ],
    },
  };
}

function budgetJson(name: string, status: { currentHealthy: number; desiredHealthy: number; disruptionsAllowed: number; expectedPods: number }) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'personapass-dev', uid: `uid-pdb-${name}`, resourceVersion: '7000', generation: 1, labels },
    spec: { minAvailable: 1, selector: { matchLabels: labels } },
    status: { observedGeneration: 1, ...status, conditions: [{ type: 'DisruptionAllowed', status: status.disruptionsAllowed > 0 ? 'True' : 'False', reason: status.disruptionsAllowed > 0 ? 'SufficientPods' : 'InsufficientPods' }] },
  };
}

function judge(options: {
  deployments?: unknown[];
  pods?: unknown[];
  scaledObject?: unknown;
  budgets?: unknown[];
  alerts?: FiringAlert[];
  cluster?: ClusterReachability;
}) {
  const input: ComponentHealthInput = {
    component: 'wallet-api',
    now,
    cluster: options.cluster ?? { state: 'reachable' },
    deployments: (options.deployments ?? [deploymentJson('wallet-api')]).map(trimDeployment),
    pods: (options.pods ?? [podJson('wallet-api-7d9f8b6c5d-abcde'), podJson('wallet-api-7d9f8b6c5d-fghij')]).map(trimPod),
    ...(options.scaledObject ? { scaledObject: trimScaledObject(options.scaledObject) } : {}),
    disruptionBudgets: (options.budgets ?? [budgetJson('wallet-api', { currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1, expectedPods: 2 })]).map(trimPodDisruptionBudget),
    alerts: options.alerts ?? [],
  };
  return componentHealth(input);
}

const texts = (health: ReturnType<typeof judge>) => health.reasons.map((r) => `${r.level}: ${r.text}`);

describe('componentHealth', () => {
  it('is Healthy when every replica runs and is ready, and says so', () => {
    const health = judge({});
    expect(health.status).toBe('Healthy');
    expect(texts(health)).toEqual(['info: 2 of 2 replicas running and ready']);
  });

  it('is Unknown, never a stale Healthy, while the cluster is unreachable', () => {
    const health = judge({ cluster: { state: 'unreachable', since: '2025-06-02T11:58:00Z', error: 'connect ECONNREFUSED 10.0.0.1:6443' } });
    expect(health.status).toBe('Unknown');
    expect(texts(health)).toEqual(['problem: cluster unreachable since 2025-06-02T11:58:00Z (connect ECONNREFUSED 10.0.0.1:6443)']);
  });

  it('is Unknown while the first list is still being read', () => {
    expect(judge({ cluster: { state: 'syncing', since: ago(2) } }).status).toBe('Unknown');
  });

  it('is Degraded when its Deployment is missing', () => {
    const health = judge({ deployments: [], pods: [] });
    expect(health.status).toBe('Degraded');
    expect(texts(health)[0]).toContain('Deployment wallet-api is not in the cluster');
  });

  it('is Degraded by a crash-looping container, naming the OOM kill', () => {
    const looping = runningContainer({
      ready: false,
      restartCount: 7,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=wallet-api' } },
      lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(40) } },
    });
    const health = judge({ deployments: [deploymentJson('wallet-api', { ready: 1 })], pods: [podJson('wallet-api-7d9f8b6c5d-abcde'), podJson('wallet-api-7d9f8b6c5d-fghij', { containers: [looping] })] });
    expect(health.status).toBe('Degraded');
    expect(texts(health)).toContain('problem: pod wallet-api-7d9f8b6c5d-fghij, container wallet-api is crash-looping (7 restarts): killed for using more memory than its limit');
  });

  it('is Degraded when the image cannot be pulled, naming the image', () => {
    const pulling = runningContainer({
      ready: false,
      state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example.com/personapass/wallet-api:1.4.3"' } },
      image: 'registry.example.com/personapass/wallet-api:1.4.3',
    });
    const health = judge({ pods: [podJson('wallet-api-7d9f8b6c5d-abcde'), podJson('wallet-api-5c6d7e8f9a-zzzzz', { phase: 'Pending', containers: [pulling] })] });
    expect(health.status).toBe('Degraded');
    // The reason only: trimmed live objects carry no container-state messages.
    expect(texts(health).join('\n')).toContain('cannot pull its image registry.example.com/personapass/wallet-api:1.4.3 (ImagePullBackOff)');
  });

  it("shows a pod the scheduler cannot place with the scheduler's reason: Progressing at first, Degraded after the grace", () => {
    const unschedulable = (since: number) =>
      podJson('wallet-api-7d9f8b6c5d-pend1', {
        phase: 'Pending',
        created: since,
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', lastTransitionTime: ago(since) }],
      });
    const fresh = judge({ deployments: [deploymentJson('wallet-api', { replicas: 3, ready: 2 })], pods: [podJson('a'), podJson('b'), unschedulable(30)] });
    expect(fresh.status).toBe('Progressing');
    expect(texts(fresh).join('\n')).toContain('pod wallet-api-7d9f8b6c5d-pend1 cannot be scheduled for 30 s: 0/3 nodes are available: 3 Insufficient memory.');
    const stuck = judge({ deployments: [deploymentJson('wallet-api', { replicas: 3, ready: 2 })], pods: [podJson('a'), podJson('b'), unschedulable(1200)] });
    expect(stuck.status).toBe('Degraded');
    expect(texts(stuck).join('\n')).toContain('cannot be scheduled for 20 min');
  });

  it('is Progressing during a rollout and Degraded once the rollout passed its deadline', () => {
    const rolling = judge({ deployments: [deploymentJson('wallet-api', { updated: 1, generation: 4, observed: 4 })] });
    expect(rolling.status).toBe('Progressing');
    expect(texts(rolling)).toContain('info: Deployment wallet-api: 1 of 2 replicas updated');
    const unseen = judge({ deployments: [deploymentJson('wallet-api', { generation: 5, observed: 4 })] });
    expect(unseen.status).toBe('Progressing');
    const stalled = judge({
      deployments: [
        deploymentJson('wallet-api', {
          updated: 1,
          conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "wallet-api-5c6d7e8f9a" has timed out progressing.', lastTransitionTime: ago(60) }],
        }),
      ],
    });
    expect(stalled.status).toBe('Degraded');
    expect(texts(stalled)[0]).toBe('problem: Deployment wallet-api stopped making progress: ReplicaSet "wallet-api-5c6d7e8f9a" has timed out progressing.');
  });

  it('judges the canary Deployment beside the stable one', () => {
    const canaryStuck = deploymentJson('wallet-api-canary', {
      replicas: 1,
      ready: 0,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "wallet-api-canary-6b" has timed out progressing.' }],
    });
    const health = judge({ deployments: [deploymentJson('wallet-api'), canaryStuck] });
    expect(health.status).toBe('Degraded');
    expect(texts(health)[0]).toContain('Deployment wallet-api-canary stopped making progress');
  });

  it('is Degraded by a critical firing alert and only warned by a warning one', () => {
    const critical = judge({ alerts: [{ name: 'HighErrorRate', severity: 'critical', since: ago(300), summary: 'wallet-api answers 7% of requests with 5xx' }] });
    expect(critical.status).toBe('Degraded');
    expect(texts(critical)[0]).toBe(`problem: alert HighErrorRate firing since ${ago(300)}: wallet-api answers 7% of requests with 5xx`);
    const warning = judge({ alerts: [{ name: 'HighLatency', severity: 'warning', since: ago(300) }] });
    expect(warning.status).toBe('Healthy');
    expect(texts(warning)).toContain(`warning: alert HighLatency firing since ${ago(300)}`);
  });

  it('warns when the disruption budget allows no eviction while healthy, and not when pods are missing anyway', () => {
    const healthy = judge({ deployments: [deploymentJson('wallet-api', { replicas: 1 })], pods: [podJson('a')], budgets: [budgetJson('wallet-api', { currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0, expectedPods: 1 })] });
    expect(healthy.status).toBe('Healthy');
    expect(texts(healthy)).toContain('warning: disruption budget wallet-api allows no eviction (1 healthy, 1 required): a node drain would wait on it');
    const short = judge({
      deployments: [deploymentJson('wallet-api', { ready: 1 })],
      pods: [podJson('a')],
      budgets: [budgetJson('wallet-api', { currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 0, expectedPods: 2 })],
    });
    expect(texts(short).join('\n')).not.toContain('disruption budget');
  });

  it('warns about a recent restart without calling it broken', () => {
    const restarted = runningContainer({ restartCount: 1, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(120) } } });
    const health = judge({ pods: [podJson('a'), podJson('b', { containers: [restarted] })] });
    expect(health.status).toBe('Healthy');
    expect(texts(health)).toContain('warning: pod b, container wallet-api restarted 2 min ago, killed for using more memory than its limit (1 restart in all)');
  });

  it('ignores terminating pods', () => {
    const dying = podJson('old', { deleting: true, containers: [runningContainer({ ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } })] });
    expect(judge({ pods: [podJson('a'), podJson('b'), dying] }).status).toBe('Healthy');
  });

  describe('at zero replicas', () => {
    const zero = () => deploymentJson('wallet-api', { replicas: 0, ready: 0 });

    it('is Scaled to zero when KEDA took it there (ScaledObject ready, not active)', () => {
      const health = judge({ deployments: [zero()], pods: [], scaledObject: scaledObjectJson({ active: 'False' }), budgets: [budgetJson('wallet-api', { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 })] });
      expect(health.status).toBe('Scaled to zero');
      expect(texts(health)).toEqual(['info: scaled to zero by the autoscaler: no trigger is active, and one will wake it']);
    });

    it('is Degraded when broken at zero: the autoscaler cannot read its triggers, so nothing would wake it', () => {
      const health = judge({
        deployments: [zero()],
        pods: [],
        scaledObject: scaledObjectJson({ ready: 'False', readyMessage: 'error establishing connection to redis: dial tcp 10.0.0.9:6379: connect: connection refused' }),
      });
      expect(health.status).toBe('Degraded');
      expect(texts(health)[0]).toBe('problem: the autoscaler is not ready: error establishing connection to redis: dial tcp 10.0.0.9:6379: connect: connection refused');
    });

    it('is Degraded when the autoscaler has long been active but nothing woke, Progressing just after it became active', () => {
      // The cache saw Active turn True 20 s ago; KEDA last scaled it up 2 h ago (before the cooldown took it to zero).
      const waking = judge({ deployments: [zero()], pods: [], scaledObject: scaledObjectJson({ active: 'True', observedActiveSince: 20, lastActive: 7200 }) });
      expect(waking.status).toBe('Progressing');
      expect(texts(waking)[0]).toBe('info: waking from zero: the autoscaler has been active for 20 s but wallet-api is at 0 replicas');
      const stuck = judge({ deployments: [zero()], pods: [], scaledObject: scaledObjectJson({ active: 'True', observedActiveSince: 900, lastActive: 7200 }) });
      expect(stuck.status).toBe('Degraded');
      expect(texts(stuck)[0]).toBe('problem: the autoscaler has been active for 15 min but wallet-api is at 0 replicas');
    });

    it('times a wake it did not see begin from status.lastActiveTime, which KEDA leaves alone while scaling up fails', () => {
      const stuck = judge({ deployments: [zero()], pods: [], scaledObject: scaledObjectJson({ active: 'True', lastActive: 7200 }) });
      expect(stuck.status).toBe('Degraded');
      expect(texts(stuck)[0]).toBe('problem: the autoscaler is active but wallet-api is at 0 replicas, and KEDA last found it active 2 h ago');
      // Just scaled up (KEDA set lastActiveTime), the Deployment's new replica count not yet in the cache.
      expect(judge({ deployments: [zero()], pods: [], scaledObject: scaledObjectJson({ active: 'True', lastActive: 10 }) }).status).toBe('Progressing');
    });

    it('is Scaled to zero when paused at 0, with the pause shown', () => {
      const health = judge({ deployments: [zero()], pods: [], scaledObject: scaledObjectJson({ active: 'True', paused: '0' }) });
      expect(health.status).toBe('Scaled to zero');
      expect(texts(health)).toContain('warning: autoscaling paused, held at 0 replicas');
    });

    it('is Scaled to zero without an autoscaler when its replicas are 0, Progressing while pods still run', () => {
      expect(judge({ deployments: [zero()], pods: [] }).status).toBe('Scaled to zero');
      const draining = judge({ deployments: [zero()], pods: [podJson('a')] });
      expect(draining.status).toBe('Progressing');
    });
  });

  it('is Healthy under a ready KEDA autoscaler above zero', () => {
    const health = judge({ scaledObject: scaledObjectJson({ min: 1, active: 'True' }) });
    expect(health.status).toBe('Healthy');
  });
});

// KEDA's Condition (kedacore/keda apis/keda/v1alpha1/condition_types.go) has type, status, reason
// and message only: no lastTransitionTime. This is the status of a ScaledObject whose trigger has
// just become active, before KEDA's next poll has scaled the Deployment from zero.
const kedaWakingScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'credential-worker', namespace: 'personapass-dev', uid: 'so', resourceVersion: '9' },
  spec: { scaleTargetRef: { name: 'credential-worker' }, minReplicaCount: 0, maxReplicaCount: 10 },
  status: {
    conditions: [
      { type: 'Ready', status: 'True', reason: 'ScaledObjectReady', message: 'ScaledObject is defined correctly and is ready for scaling' },
      { type: 'Active', status: 'True', reason: 'ScalerActive', message: 'Scaling is performed because triggers are active' },
      { type: 'Fallback', status: 'False', reason: 'NoFallbackFound', message: 'No fallbacks are active on this scaled object' },
      { type: 'Paused', status: 'False', reason: 'ScaledObjectUnpaused' },
    ],
    triggersActivity: { 'task-queue-length': { isActive: true } },
  },
};

const credentialWorkerAtZero = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'credential-worker', namespace: 'personapass-dev', uid: 'd', resourceVersion: '8', generation: 4, creationTimestamp: ago(86_400) },
  spec: { replicas: 0 },
  status: {
    observedGeneration: 4,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', lastTransitionTime: ago(80_000) },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastTransitionTime: ago(80_000) },
    ],
  },
};

describe('waking from zero with a real KEDA status (from the SRE review)', () => {
  it('a trigger that just became active is "waking", not Degraded', () => {
    const health = componentHealth({
      component: 'credential-worker',
      now,
      cluster: { state: 'reachable' },
      deployments: [trimDeployment(credentialWorkerAtZero)],
      pods: [],
      scaledObject: trimScaledObject(kedaWakingScaledObject),
      disruptionBudgets: [trimPodDisruptionBudget({ metadata: { name: 'x' }, status: { expectedPods: 0 } })],
      alerts: [],
    });
    // Before the fix: Degraded, "the autoscaler has been active for a while but credential-worker is at 0 replicas":
    // secondsSince(undefined) was +Infinity, so the 120 s wake grace never applied to a real ScaledObject.
    expect(health.status).toBe('Progressing');
  });
});
