import { CronJob } from 'kubernetes-models/batch/v1';
import { Service } from 'kubernetes-models/v1';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from './kube-object';
import { commonLabels, namespacesOf, ports, selectorLabels } from './names';
import { infrastructureImages, tierDefaults } from './platform-defaults';
import { type ContainerDefinition, httpProbes, renderWorkload, restrictedContainerSecurity } from './workloads/workload';

// Jaeger receiving OTLP from the sidecars and the applications. Development keeps spans in memory in
// one all-in-one pod; staging and production run collectors and a query service on Elasticsearch,
// whose credentials come from the Secret `jaeger-elasticsearch` (created out of band). Several
// environments of a tier share its Elasticsearch: each writes, reads and cleans only the indices of
// its own prefix, and the index cleaner signs in with its own Secret `jaeger-es-index-cleaner`, an
// Elasticsearch user that may only see and delete that prefix's indices (manifests/README.md).

/** The Secret of the index cleaner's Elasticsearch user (keys username, password). */
export const indexCleanerSecret = 'jaeger-es-index-cleaner';

/**
 * The environment's own Elasticsearch index prefix, `personapass-<environment>`: Jaeger's indices are
 * `<prefix>-jaeger-{span,service,dependencies,sampling}-YYYY-MM-DD`. An environment name is a
 * DNS label (lower case, at most 63), so the longest index name is 106 bytes, within
 * Elasticsearch's 255, lower case and starting with a letter as Elasticsearch requires: no hash needed.
 */
export function jaegerIndexPrefix(environment: string): string {
  return `personapass-${environment}`;
}

const resources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '1Gi' } };
const adminProbes = httpProbes('admin', { live: '/', ready: '/' });

export function renderTracing(spec: EnvironmentSpec): KubeObject[] {
  const namespace = namespacesOf(spec).tracing;
  const tracing = tierDefaults[spec.tier].tracing;
  const otlpPorts = [
    { name: 'grpc-otlp', containerPort: ports.otlpGrpc },
    { name: 'http-otlp', containerPort: ports.otlpHttp },
    { name: 'admin', containerPort: ports.jaegerAdmin },
  ];
  const otlpServicePorts = [
    { name: 'grpc-otlp', port: ports.otlpGrpc, targetPort: 'grpc-otlp', appProtocol: 'grpc' },
    { name: 'http-otlp', port: ports.otlpHttp, targetPort: 'http-otlp', appProtocol: 'http' },
    { name: 'http-admin', port: ports.jaegerAdmin, targetPort: 'admin', appProtocol: 'http' },
  ];
  const common = { spec, namespace, version: infrastructureImages.jaegerAllInOne.split(':')[1] ?? '', runAsUser: 10001 };

  if (tracing.storage === 'memory') {
    const allInOne: ContainerDefinition = {
      name: 'jaeger',
      image: infrastructureImages.jaegerAllInOne,
      ports: [...otlpPorts, { name: 'http-query', containerPort: ports.jaegerQuery }],
      env: [
        { name: 'SPAN_STORAGE_TYPE', value: 'memory' },
        { name: 'MEMORY_MAX_TRACES', value: '50000' },
        { name: 'COLLECTOR_OTLP_ENABLED', value: 'true' },
      ],
      resources,
      probes: adminProbes,
      writablePaths: { tmp: '/tmp' },
    };
    return [
      ...renderWorkload({
        ...common,
        name: 'jaeger',
        containers: [allInOne],
        replicas: 1,
        minimumReplicas: 1,
        servicePorts: [...otlpServicePorts, { name: 'http-query', port: ports.jaegerQuery, targetPort: 'http-query', appProtocol: 'http' }],
      }),
      // The same service names as in production, so the applications' endpoint never changes.
      alias(spec, namespace, 'jaeger-collector', 'jaeger', otlpServicePorts),
      alias(spec, namespace, 'jaeger-query', 'jaeger', [{ name: 'http-query', port: ports.jaegerQuery, targetPort: 'http-query', appProtocol: 'http' }]),
    ];
  }

  const prefix = jaegerIndexPrefix(spec.name);
  const credentials = (secret: string) => [
    { name: 'ES_TLS_ENABLED', value: 'true' },
    { name: 'ES_USERNAME', valueFrom: { secretKeyRef: { name: secret, key: 'username' } } },
    { name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: secret, key: 'password' } } },
  ];
  const storageEnv = [
    { name: 'SPAN_STORAGE_TYPE', value: 'elasticsearch' },
    { name: 'ES_SERVER_URLS', value: tracing.elasticsearchUrl ?? '' },
    { name: 'ES_INDEX_PREFIX', value: prefix },
    ...credentials('jaeger-elasticsearch'),
  ];
  // The cleaner reads its prefix as INDEX_PREFIX (its flag --index-prefix; ES_INDEX_PREFIX is the
  // collector's es.index-prefix and the cleaner ignores it, then looks for unprefixed indices).
  const cleanerEnv = [{ name: 'INDEX_PREFIX', value: prefix }, ...credentials(indexCleanerSecret)];
  return [
    indexCleaner(spec, namespace, cleanerEnv),
    ...renderWorkload({
      ...common,
      version: infrastructureImages.jaegerCollector.split(':')[1] ?? '',
      name: 'jaeger-collector',
      replicas: tracing.collectorReplicas,
      minimumReplicas: tracing.collectorReplicas,
      containers: [
        {
          name: 'jaeger-collector',
          image: infrastructureImages.jaegerCollector,
          ports: otlpPorts,
          env: [...storageEnv, { name: 'COLLECTOR_OTLP_ENABLED', value: 'true' }, { name: 'COLLECTOR_QUEUE_SIZE', value: '5000' }],
          resources,
          probes: adminProbes,
          writablePaths: { tmp: '/tmp' },
        },
      ],
      servicePorts: otlpServicePorts,
    }),
    ...renderWorkload({
      ...common,
      version: infrastructureImages.jaegerQuery.split(':')[1] ?? '',
      name: 'jaeger-query',
      replicas: 2,
      minimumReplicas: 2,
      containers: [
        {
          name: 'jaeger-query',
          image: infrastructureImages.jaegerQuery,
          ports: [{ name: 'http-query', containerPort: ports.jaegerQuery }, { name: 'admin', containerPort: 16687 }],
          env: storageEnv,
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
          probes: adminProbes,
          writablePaths: { tmp: '/tmp' },
        },
      ],
      servicePorts: [
        { name: 'http-query', port: ports.jaegerQuery, targetPort: 'http-query', appProtocol: 'http' },
        { name: 'http-admin', port: 16687, targetPort: 'admin', appProtocol: 'http' },
      ],
    }),
  ];
}

function alias(spec: EnvironmentSpec, namespace: string, name: string, target: string, servicePorts: { name: string; port: number; targetPort: string; appProtocol: string }[]) {
  return new Service({
    metadata: { name, namespace, labels: commonLabels(spec, name) },
    spec: { type: 'ClusterIP', selector: selectorLabels(spec, target), ports: servicePorts.map((p) => ({ ...p, protocol: 'TCP' })) },
  });
}

/**
 * Jaeger writes one Elasticsearch index a day per prefix and deletes none: the index cleaner drops
 * those older than the tier's retention, every night just before the day's index rolls over (UTC,
 * the zone of the index dates). The tracing namespace is outside the mesh, so the Job's pod ends.
 */
export const indexCleanerName = 'jaeger-es-index-cleaner';

function indexCleaner(spec: EnvironmentSpec, namespace: string, access: IEnvVar[]): KubeObject {
  const tracing = tierDefaults[spec.tier].tracing;
  const name = indexCleanerName;
  const labels = { ...commonLabels(spec, name), 'app.kubernetes.io/version': infrastructureImages.jaegerEsIndexCleaner.split(':')[1] ?? '' };
  return new CronJob({
    metadata: { name, namespace, labels },
    spec: {
      schedule: '55 23 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: 1800,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'OnFailure',
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name,
                  image: infrastructureImages.jaegerEsIndexCleaner,
                  args: [String(tracing.retentionDays ?? 7), tracing.elasticsearchUrl ?? ''],
                  env: access,
                  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
                  securityContext: restrictedContainerSecurity,
                },
              ],
            },
          },
        },
      },
    },
  });
}
