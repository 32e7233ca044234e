import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { type ComponentName, type ComponentSpec, type EnvironmentSpec, imageReference } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { namespacesOf, ports, serviceHost } from '../names';
import { type ContainerDefinition, httpProbes, renderWorkload } from './workload';

export interface AppWorkloadOptions {
  config: Record<string, string>;
  /** Secrets the platform's operators create out of band; only their names and keys appear here. */
  secretEnv: { env: string; secret: string; key: string }[];
  /** Whether it serves requests (an HTTP port behind the mesh) or only metrics and health. */
  serves: boolean;
}

/** The lowest replica count the autoscaler may reach. Services that only scale on requests never go
 *  to zero: at zero no sidecar reports a request, so nothing would wake them. The worker may outside
 *  production, where its queue wakes it, and so may any component with working hours there (the
 *  schedule wakes it). */
export function effectiveMinReplicas(spec: EnvironmentSpec, name: ComponentName): number {
  const { minReplicas, workingHours } = spec.components[name].autoscaling;
  const mayScaleToZero = spec.tier !== 'production' && (name === 'credential-worker' || workingHours !== undefined);
  return mayScaleToZero ? minReplicas : Math.max(1, minReplicas);
}

export function isAutoscaled(spec: EnvironmentSpec, name: ComponentName): boolean {
  return spec.components[name].enabled && spec.components[name].autoscaling.enabled;
}

export function renderAppWorkload(spec: EnvironmentSpec, name: ComponentName, options: AppWorkloadOptions): KubeObject[] {
  const component = spec.components[name];
  if (!component.enabled) return [];
  const ns = namespacesOf(spec);
  const autoscaled = component.autoscaling.enabled;

  const env: IEnvVar[] = [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ...options.secretEnv.map((s) => ({ name: s.env, valueFrom: { secretKeyRef: { name: s.secret, key: s.key } } })),
  ];
  const containerPorts = [
    ...(options.serves ? [{ name: 'http', containerPort: ports.http }] : []),
    { name: 'http-metrics', containerPort: ports.metrics },
  ];
  const container: ContainerDefinition = {
    name,
    image: imageReference(component.image),
    ports: containerPorts,
    env,
    resources: component.resources,
    probes: httpProbes(options.serves ? 'http' : 'http-metrics', { live: '/healthz/live', ready: '/healthz/ready' }),
    writablePaths: { tmp: '/tmp' },
    preStopSleepSeconds: options.serves ? 5 : undefined,
  };

  const stable = {
    spec,
    name,
    namespace: ns.app,
    version: versionOf(component.image),
    containers: [container],
    replicas: autoscaled ? undefined : component.replicas,
    minimumReplicas: autoscaled ? effectiveMinReplicas(spec, name) : component.replicas,
    // Working hours: minReplicas is 0, but the window keeps this many pods (a drain must not evict them all).
    scheduledReplicas: autoscaled ? component.autoscaling.workingHours?.replicas : undefined,
    config: {
      ENVIRONMENT: spec.name,
      OTEL_SERVICE_NAME: name,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://${serviceHost('jaeger-collector', ns.tracing)}:${ports.otlpGrpc}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      // Follow the mesh's sampling decision (Telemetry); sample root spans at the environment's ratio.
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: String(spec.toggles.tracingSamplingRatio),
      METRICS_PORT: String(ports.metrics),
      ...options.config,
    },
    servicePorts: [
      ...(options.serves ? [{ name: 'http', port: 80, targetPort: 'http', appProtocol: 'http' }] : []),
      { name: 'http-metrics', port: ports.metrics, targetPort: 'http-metrics', appProtocol: 'http' },
    ],
    podLabels: { 'personapass.dev/track': 'stable' },
    podAnnotations: { 'sidecar.istio.io/inject': 'true' },
  };
  const { canary } = component;
  return [
    ...renderWorkload(stable),
    // The canary: the same pod but for its image, at a fixed replica count (KEDA scales the stable
    // Deployment only), labelled track=canary for the DestinationRule's subset.
    ...(canary
      ? renderWorkload({
          ...stable,
          track: 'canary',
          version: versionOf(canary.image),
          containers: [{ ...container, image: imageReference(canary.image) }],
          replicas: canary.replicas,
          minimumReplicas: canary.replicas,
          scheduledReplicas: undefined,
          podLabels: { 'personapass.dev/track': 'canary' },
        })
      : []),
  ];
}

function versionOf(image: ComponentSpec['image']): string {
  return image.tag ?? image.digest?.slice(7, 19) ?? 'unknown';
}

/** Where the platform's Redis answers, for the services that use the task queue. */
export function redisAddress(spec: EnvironmentSpec): string {
  return `${serviceHost('redis', namespacesOf(spec).app)}:${ports.redis}`;
}
