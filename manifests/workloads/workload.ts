import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, PersistentVolumeClaim, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { contentHash } from '@/lib/core/hash';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, componentPodLabels, selectorLabels } from '../names';
import { tierDefaults } from '../platform-defaults';

export interface ContainerDefinition {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports: { name: string; containerPort: number }[];
  env?: IEnvVar[];
  resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
  probes: { startup: IProbe; readiness: IProbe; liveness: IProbe };
  /** emptyDir volumes for the paths a read-only root filesystem still needs to write (volume name → mount path). */
  writablePaths?: Record<string, string>;
  /** Drain time before SIGTERM, so endpoints and the mesh stop sending new requests first. */
  preStopSleepSeconds?: number;
}

export interface WorkloadDefinition {
  spec: EnvironmentSpec;
  name: string;
  namespace: string;
  version: string;
  containers: ContainerDefinition[];
  /** Omitted when an autoscaler owns the replica count, so a deploy never fights it. */
  replicas?: number;
  /** The fewest replicas it runs with: decides the disruption budget. */
  minimumReplicas: number;
  /** The replicas a schedule keeps inside its window (working hours: KEDA's cron trigger), whatever
   *  `minimumReplicas` is outside it: several pods there need a disruption budget too. */
  scheduledReplicas?: number;
  /** Non-secret settings, mounted as environment through `envFrom`. */
  config?: Record<string, string>;
  servicePorts: { name: string; port: number; targetPort: string; appProtocol?: string }[];
  podLabels?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  /** A ReadWriteOnce volume (implies the Recreate strategy: two pods can never share it). */
  persistentVolume?: { size: string; mountPath: string; container: string };
  runAsUser?: number;
  /** A second track of the component (`canary`): only its Deployment `<name>-<track>` (and its
   *  disruption budget), with the stable one's ServiceAccount and ConfigMap, pods told apart by their
   *  instance label so neither Deployment's selector takes the other's pods. */
  track?: string;
}

export const restrictedContainerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' as const },
};

/**
 * Surge first (no capacity lost) where replicas may share a node. Under the strict one-per-node
 * spread a surge pod has nowhere to go once every node runs a replica (the old pods still count
 * for anti-affinity), and the rollout would stall: there, replace one pod at a time instead.
 */
function rollingUpdate(strictSpread: boolean) {
  return {
    type: 'RollingUpdate' as const,
    rollingUpdate: strictSpread ? { maxUnavailable: 1, maxSurge: 0 } : { maxUnavailable: 0, maxSurge: '25%' },
  };
}

/** ServiceAccount, ConfigMap, Deployment, Service and (when it runs more than one replica) a PodDisruptionBudget. */
export function renderWorkload(def: WorkloadDefinition): KubeObject[] {
  const { spec, name, namespace, track } = def;
  // A Deployment's selector is immutable and the stable one's is {name, instance}: a canary's pods
  // take another instance, so the stable selector never matches them (its ReplicaSets would adopt
  // or fight over them, and KEDA's HPA, which reads the Deployment's selector, would count them).
  const deploymentName = track ? `${name}-${track}` : name;
  const instance: Record<string, string> = track ? { 'app.kubernetes.io/instance': `${name}-${track}-${spec.name}` } : {};
  const componentLabels = commonLabels(spec, name);
  const labels = { ...componentLabels, ...instance };
  const selector = { ...selectorLabels(spec, name), ...instance };
  const defaults = tierDefaults[spec.tier];
  const objects: KubeObject[] = [];

  // No workload of the platform talks to the Kubernetes API: no token in its pods.
  if (!track) objects.push(new ServiceAccount({ metadata: { name, namespace, labels }, automountServiceAccountToken: false }));

  const configName = `${name}-config`;
  if (def.config && !track) objects.push(new ConfigMap({ metadata: { name: configName, namespace, labels }, data: def.config }));

  const dataVolume = `${name}-data`;
  if (def.persistentVolume) {
    objects.push(
      new PersistentVolumeClaim({
        metadata: { name: dataVolume, namespace, labels },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: def.persistentVolume.size } } },
      }),
    );
  }

  const volumes: IVolume[] = [];
  const containers: IContainer[] = def.containers.map((c) => {
    const mounts = Object.entries(c.writablePaths ?? {}).map(([volume, mountPath]) => {
      volumes.push({ name: volume, emptyDir: { sizeLimit: '256Mi' } });
      return { name: volume, mountPath };
    });
    if (def.persistentVolume?.container === c.name) mounts.push({ name: dataVolume, mountPath: def.persistentVolume.mountPath });
    return {
      name: c.name,
      image: c.image,
      imagePullPolicy: 'IfNotPresent',
      ...(c.command ? { command: c.command } : {}),
      ...(c.args ? { args: c.args } : {}),
      ports: c.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: 'TCP' })),
      ...(c.env?.length ? { env: c.env } : {}),
      ...(def.config ? { envFrom: [{ configMapRef: { name: configName } }] } : {}),
      resources: { requests: { ...c.resources.requests }, limits: { ...c.resources.limits } },
      startupProbe: c.probes.startup,
      readinessProbe: c.probes.readiness,
      livenessProbe: c.probes.liveness,
      ...(c.preStopSleepSeconds ? { lifecycle: { preStop: { sleep: { seconds: c.preStopSleepSeconds } } } } : {}),
      securityContext: restrictedContainerSecurity,
      ...(mounts.length ? { volumeMounts: mounts } : {}),
    };
  });
  if (def.persistentVolume) volumes.push({ name: dataVolume, persistentVolumeClaim: { claimName: dataVolume } });
  volumes.sort((a, b) => (a.name < b.name ? -1 : 1));

  const alwaysSeveral = def.minimumReplicas > 1 || (def.replicas ?? 0) > 1;
  const multiReplica = alwaysSeveral || (def.scheduledReplicas ?? 0) > 1;
  // Several pods only inside a schedule's window: outside it another trigger may wake a single pod,
  // which a percentage budget (50% of 1 rounds up to 1) would keep from any eviction, blocking
  // drains. One pod at a time protects the window's pods and never blocks a drain.
  const disruptionBudget = alwaysSeveral ? defaults.disruptionBudget : { maxUnavailable: 1 };
  const spreadSelector = { matchLabels: selector };
  const zoneAntiAffinity = {
    weight: 100,
    podAffinityTerm: { labelSelector: spreadSelector, topologyKey: 'topology.kubernetes.io/zone' },
  };
  const podAnnotations: Record<string, string> = {
    ...(def.podAnnotations ?? {}),
    // A config change must roll the pods; envFrom alone is read only at start.
    ...(def.config ? { 'personapass.dev/config-hash': contentHash(def.config).slice(0, 16) } : {}),
  };

  objects.push(
    new Deployment({
      metadata: { name: deploymentName, namespace, labels: { ...labels, 'app.kubernetes.io/version': def.version } },
      spec: {
        ...(def.replicas !== undefined ? { replicas: def.replicas } : {}),
        revisionHistoryLimit: 5,
        progressDeadlineSeconds: 600,
        selector: { matchLabels: selector },
        strategy: def.persistentVolume ? { type: 'Recreate' } : rollingUpdate(defaults.strictSpread),
        template: {
          metadata: {
            labels: { ...labels, 'app.kubernetes.io/version': def.version, ...(def.podLabels ?? {}) },
            ...(Object.keys(podAnnotations).length ? { annotations: podAnnotations } : {}),
          },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 30,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: def.runAsUser ?? 65532,
              runAsGroup: def.runAsUser ?? 65532,
              fsGroup: def.runAsUser ?? 65532,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            affinity: {
              podAntiAffinity: {
                // Production never co-locates two replicas on one node; elsewhere it is a preference.
                ...(defaults.strictSpread
                  ? { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: spreadSelector, topologyKey: 'kubernetes.io/hostname' }] }
                  : {}),
                preferredDuringSchedulingIgnoredDuringExecution: [zoneAntiAffinity],
              },
            },
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: defaults.strictSpread ? 'DoNotSchedule' : 'ScheduleAnyway',
                labelSelector: spreadSelector,
                // Count only the current ReplicaSet's pods, so a rollout is not skewed by the old ones.
                matchLabelKeys: ['pod-template-hash'],
              },
              {
                maxSkew: 1,
                topologyKey: 'kubernetes.io/hostname',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: spreadSelector,
                matchLabelKeys: ['pod-template-hash'],
              },
            ],
            containers,
            ...(volumes.length ? { volumes } : {}),
          },
        },
      },
    }),
  );

  if (!track) {
    objects.push(
      new Service({
        metadata: { name, namespace, labels },
        spec: {
          type: 'ClusterIP',
          // Every track's pods: the mesh's subsets split what the Service reaches.
          selector: componentPodLabels(spec, name),
          ports: def.servicePorts.map((p) => ({
            name: p.name,
            port: p.port,
            targetPort: p.targetPort,
            protocol: 'TCP',
            ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
          })),
        },
      }),
    );
  }

  // One budget per track, each over its own pods: the eviction API refuses a pod that two budgets cover.
  if (multiReplica) {
    objects.push(
      new PodDisruptionBudget({
        metadata: { name: deploymentName, namespace, labels },
        spec: { ...disruptionBudget, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      }),
    );
  }
  return objects;
}

/** Startup, readiness and liveness over HTTP: a slow start never trips liveness. */
export function httpProbes(port: string, paths: { live: string; ready: string }): ContainerDefinition['probes'] {
  return {
    startup: { httpGet: { path: paths.live, port }, periodSeconds: 2, failureThreshold: 60, timeoutSeconds: 2 },
    readiness: { httpGet: { path: paths.ready, port }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 },
    liveness: { httpGet: { path: paths.live, port }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
  };
}

export function tcpProbes(port: string): ContainerDefinition['probes'] {
  return {
    startup: { tcpSocket: { port }, periodSeconds: 2, failureThreshold: 60, timeoutSeconds: 2 },
    readiness: { tcpSocket: { port }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 },
    liveness: { tcpSocket: { port }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
  };
}
