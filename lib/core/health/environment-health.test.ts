import { describe, expect, it } from 'vitest';
import type { AlertView } from '../alerts/alerts';
import { watchStatusFixture } from '../live/watch-status-fixture';
import { trimLiveObject } from '../live/trim-live-object';
import { assembleEnvironmentHealth, clusterReachability, imageVersion, withoutPod, type EnvironmentHealthInput } from './environment-health';

const now = new Date('2026-12-02T08:00:00Z');
const ns = 'personapass-dev';
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: ns, uid: `uid-${name}`, resourceVersion: '1', generation: 1, creationTimestamp: '2026-12-02T07:00:00Z', ...extra });
const available = { type: 'Available', status: 'True', lastTransitionTime: '2026-12-02T07:01:00Z' };

const deployment = (name: string, replicas: number, ready = replicas, image = 'registry.example/personapass/wallet-api:1.4.2') =>
  trimLiveObject('Deployment', {
    apiVersion: 'apps/v1',
    metadata: meta(name),
    spec: { replicas, template: { spec: { containers: [{ name: 'istio-proxy', image: 'istio/proxyv2:1.24' }, { name: name.replace(/-canary$/, ''), image }] } } },
    status: { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: ready, availableReplicas: ready, unavailableReplicas: replicas - ready, conditions: [available] },
  });
const pod = (name: string, replicaSet: string, node: string, options: { ready?: boolean; restarts?: number; waiting?: string; deleting?: boolean } = {}) =>
  trimLiveObject('Pod', {
    apiVersion: 'v1',
    metadata: meta(name, { ownerReferences: [{ kind: 'ReplicaSet', name: replicaSet, uid: 'rs', controller: true }], ...(options.deleting ? { deletionTimestamp: '2026-12-02T07:59:00Z' } : {}) }),
    spec: { nodeName: node, containers: [{ name: 'app', image: 'x' }] },
    status: {
      phase: 'Running',
      startTime: '2026-12-02T07:02:00Z',
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }],
      containerStatuses: [
        {
          name: 'app',
          ready: options.ready !== false,
          restartCount: options.restarts ?? 0,
          image: 'x',
          state: options.waiting ? { waiting: { reason: options.waiting } } : { running: { startedAt: '2026-12-02T07:02:00Z' } },
        },
      ],
    },
  });
const node = (name: string, zone?: string) =>
  trimLiveObject('Node', {
    apiVersion: 'v1',
    metadata: { name, uid: `uid-${name}`, resourceVersion: '1', labels: { ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}), 'kubernetes.io/os': 'linux', type: 'kwok' } },
    status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }], addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] },
  });
const scaledObject = (target: string, min: number, max: number) =>
  trimLiveObject('ScaledObject', {
    apiVersion: 'keda.sh/v1alpha1',
    metadata: meta(target),
    spec: { scaleTargetRef: { name: target }, minReplicaCount: min, maxReplicaCount: max },
    status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Active', status: 'True' }] },
  });
const alert = (name: string, component: AlertView['component'], state: AlertView['state'], severity = 'warning'): AlertView => ({
  name,
  state,
  severity,
  component,
  since: '2026-12-02T07:50:00Z',
  summary: `${name} summary`,
  runbookUrl: null,
  labels: {},
  silencedBy: [],
  inhibited: false,
});

const input = (overrides: Partial<EnvironmentHealthInput> = {}): EnvironmentHealthInput => ({
  environment: 'dev',
  components: ['wallet-api', 'identity-service'],
  now,
  cluster: { state: 'reachable' },
  objects: [
    deployment('wallet-api', 2),
    deployment('wallet-api-canary', 1, 1, 'registry.example/personapass/wallet-api:1.5.0'),
    pod('wallet-api-7d9f8-b', 'wallet-api-7d9f8', 'node-b', { restarts: 2 }),
    pod('wallet-api-7d9f8-a', 'wallet-api-7d9f8', 'node-a'),
    pod('wallet-api-canary-55c-a', 'wallet-api-canary-55c', 'node-c'),
    scaledObject('wallet-api', 2, 6),
    deployment('identity-service', 1, 0),
    pod('identity-service-6b5-a', 'identity-service-6b5', 'node-a', { ready: false, waiting: 'CrashLoopBackOff', restarts: 7 }),
    node('node-a', 'zone-a'),
    node('node-b', 'zone-b'),
    node('node-c'),
  ],
  alerts: { alerts: [alert('PersonaPassHighLatency', 'wallet-api', 'firing'), alert('PersonaPassHighErrorRate', 'wallet-api', 'pending', 'critical'), alert('Watchdog', null, 'firing', 'none')] },
  ...overrides,
});

describe('assembleEnvironmentHealth', () => {
  it("gives each component its verdict, replicas with the autoscaler's bounds, version, pods with zones and alert counts", () => {
    const health = assembleEnvironmentHealth(input());
    expect(health).toMatchObject({ environment: 'dev', cluster: { state: 'reachable' }, checkedAt: now.toISOString(), alerts: { available: true } });
    const [wallet, identity] = health.components;
    expect(wallet).toMatchObject({
      name: 'wallet-api',
      status: 'Healthy',
      replicas: { desired: 3, ready: 3, available: 3, updated: 3, min: 2, max: 6 },
      version: '1.4.2',
      alerts: { firing: 1, pending: 1, critical: 0 },
    });
    expect(wallet!.reasons.map((r) => r.text)).toContainEqual(expect.stringContaining('alert PersonaPassHighLatency firing'));
    expect(wallet!.pods).toEqual([
      { name: 'wallet-api-7d9f8-a', node: 'node-a', zone: 'zone-a', phase: 'Running', ready: true, restarts: 0, startedAt: '2026-12-02T07:02:00Z', reason: null, deployment: 'wallet-api' },
      { name: 'wallet-api-7d9f8-b', node: 'node-b', zone: 'zone-b', phase: 'Running', ready: true, restarts: 2, startedAt: '2026-12-02T07:02:00Z', reason: null, deployment: 'wallet-api' },
      { name: 'wallet-api-canary-55c-a', node: 'node-c', zone: null, phase: 'Running', ready: true, restarts: 0, startedAt: '2026-12-02T07:02:00Z', reason: null, deployment: 'wallet-api-canary' },
    ]);
    expect(identity).toMatchObject({ name: 'identity-service', status: 'Degraded', replicas: { desired: 1, ready: 0 }, alerts: { firing: 0, pending: 0, critical: 0 } });
    expect(identity!.replicas).not.toHaveProperty('min');
    expect(identity!.pods).toEqual([expect.objectContaining({ name: 'identity-service-6b5-a', ready: false, restarts: 7, reason: 'CrashLoopBackOff' })]);
    expect(identity!.reasons[0]).toMatchObject({ level: 'problem', text: expect.stringContaining('crash-looping') });
  });

  it('counts critical firing alerts, and a critical one makes the component Degraded', () => {
    const health = assembleEnvironmentHealth(input({ alerts: { alerts: [alert('PersonaPassHighErrorRate', 'wallet-api', 'firing', 'critical')] } }));
    expect(health.components[0]).toMatchObject({ status: 'Degraded', alerts: { firing: 1, pending: 0, critical: 1 } });
  });

  it('a component not in the cluster is Degraded with no version or pods; a terminating pod says so', () => {
    const objects = input().objects.filter((o) => o.metadata.name !== 'identity-service');
    const health = assembleEnvironmentHealth(input({ objects: [...objects, pod('wallet-api-7d9f8-c', 'wallet-api-7d9f8', 'node-a', { deleting: true })] }));
    expect(health.components[1]).toMatchObject({ status: 'Degraded', version: null, replicas: { desired: 0 } });
    expect(health.components[0]!.pods.find((p) => p.name === 'wallet-api-7d9f8-c')).toMatchObject({ reason: 'Terminating', ready: false });
  });

  it('an unreachable cluster gives Unknown "unreachable since" and none of what the caches still hold', () => {
    const health = assembleEnvironmentHealth(input({ cluster: { state: 'unreachable', since: '2026-12-02T07:55:00Z', error: 'connect ECONNREFUSED' } }));
    for (const component of health.components) {
      expect(component).toMatchObject({ status: 'Unknown', version: null, pods: [], replicas: { desired: 0, ready: 0 } });
      expect(component.reasons[0]!.text).toBe('cluster unreachable since 2026-12-02T07:55:00Z (connect ECONNREFUSED)');
    }
  });

  it('alerts that could not be read leave counts at zero, say so on every component and change no verdict', () => {
    const health = assembleEnvironmentHealth(input({ alerts: { error: 'Prometheus: connect ECONNREFUSED' } }));
    expect(health.alerts).toEqual({ available: false, message: 'Prometheus: connect ECONNREFUSED' });
    expect(health.components[0]).toMatchObject({ status: 'Healthy', alerts: { firing: 0, pending: 0, critical: 0 } });
    expect(health.components[0]!.reasons.at(-1)).toEqual({ level: 'warning', text: 'alerts unknown: Prometheus: connect ECONNREFUSED' });
  });
});

describe('withoutPod', () => {
  it('drops a deleted pod from its component, and leaves the health as it is for a pod it does not list', () => {
    const health = assembleEnvironmentHealth(input());
    const patched = withoutPod(health, 'wallet-api-7d9f8-a');
    expect(patched.components[0]!.pods.map((p) => p.name)).toEqual(['wallet-api-7d9f8-b', 'wallet-api-canary-55c-a']);
    expect(patched.components[1]!.pods).toEqual(health.components[1]!.pods);
    expect(withoutPod(health, 'someone-else')).toBe(health);
  });
});

describe('clusterReachability', () => {
  const status = watchStatusFixture;
  it('is unreachable since the earliest failure, syncing while a watch has not listed, else reachable; a kind not served is neither', () => {
    expect(clusterReachability([status({}), status({ synced: false, notServed: true })], now)).toEqual({ state: 'reachable' });
    expect(clusterReachability([status({}), status({ synced: false })], now)).toEqual({ state: 'syncing', since: now.toISOString() });
    expect(
      clusterReachability([status({ synced: false, unreachableSince: '2026-12-02T07:58:00Z', error: 'late' }), status({ synced: false, unreachableSince: '2026-12-02T07:57:00Z', error: 'early' })], now),
    ).toEqual({ state: 'unreachable', since: '2026-12-02T07:57:00Z', error: 'early' });
  });

  it('calls a namespace the console may not read forbidden (never "syncing" forever), naming what was refused and why', () => {
    // A watch the API server refuses (401/403), as KubeWatchCache leaves it: not synced, no unreachableSince (the server answered), its error.
    const error = `cluster local answered 403 to Pod in ${ns}: pods is forbidden: User "system:serviceaccount:personapass-system:personapass-console" cannot list resource "pods"`;
    const reach = clusterReachability([status({ key: { cluster: 'local', kind: 'Deployment', namespace: ns } }), status({ synced: false, error })], now);
    expect(reach.state).not.toBe('syncing');
    expect(reach).toEqual({ state: 'forbidden', kind: 'Pod', namespace: ns, error });
    // An unreachable watch still wins: the cluster is not answering at all.
    expect(clusterReachability([status({ synced: false, error }), status({ unreachableSince: '2026-12-02T07:57:00Z', error: 'ECONNREFUSED' })], now).state).toBe('unreachable');
    // Every verdict is Unknown, saying what the console may not read.
    const health = assembleEnvironmentHealth(input({ cluster: reach }));
    expect(health.components.map((c) => c.status)).toEqual(health.components.map(() => 'Unknown'));
    expect(health.components[0]!.reasons).toEqual([{ level: 'problem', text: `the console may not read Pods in ${ns} (${error})` }]);
  });
});

describe('imageVersion', () => {
  it('reads the tag, or the digest, past a registry port', () => {
    expect(imageVersion('registry.local:5000/personapass/wallet-api:1.4.2')).toBe('1.4.2');
    expect(imageVersion('registry.local:5000/personapass/wallet-api@sha256:abc')).toBe('sha256:abc');
    expect(imageVersion('registry.local:5000/personapass/wallet-api')).toBeNull();
    expect(imageVersion(undefined)).toBeNull();
  });
});
