import type { Tier } from '@/lib/core/environments/environment-spec';
import { placesOneReplicaPerNode } from '@/lib/core/environments/node-capacity';
import { publicHost } from '@/lib/core/environments/public-host';

// What the environment spec does not carry is derived from its tier here, in one place, so that a
// reviewer sees every per-tier difference side by side.

export interface TierDefaults {
  prometheus: { replicas: number; retention: string; retentionSize: string; storage?: string };
  alertmanager: { replicas: number; retention: string; storage?: string; repeatInterval: string; pageCritical: boolean };
  /** retentionDays: how many days of Elasticsearch indices the index cleaner keeps (memory keeps none).
   *  The index prefix is the environment's, never the tier's (jaegerIndexPrefix in tracing.ts). */
  tracing: { storage: 'memory' | 'elasticsearch'; collectorReplicas: number; elasticsearchUrl?: string; retentionDays?: number };
  redis: { storage?: string };
  /**
   * A workload's PodDisruptionBudget (only rendered when it has more than one replica). It must let
   * at least one pod go at every replica count (checked by validate/disruption-budgets.ts): a
   * percentage of minAvailable is rounded up, so 66% of 2 replicas keeps both and blocks every drain.
   * 50% of two or more always leaves one; production evicts one pod at a time whatever the scale,
   * which is all a node drain needs under its one-replica-per-node anti-affinity.
   */
  disruptionBudget: { minAvailable: string } | { maxUnavailable: number };
  /** Required host anti-affinity and zone spread that refuses to schedule rather than skew. The spec
   *  validation keeps replicas within the environment's nodes there (lib/core/environments/node-capacity.ts). */
  strictSpread: boolean;
  /** Istio connection pool and circuit breaker, sized for the tier's traffic. */
  mesh: { maxConnections: number; maxPendingRequests: number; maxRequests: number; consecutive5xxErrors: number; baseEjectionTime: string };
}

export const tierDefaults: Record<Tier, TierDefaults> = {
  development: {
    prometheus: { replicas: 1, retention: '24h', retentionSize: '4GB' },
    alertmanager: { replicas: 1, retention: '24h', repeatInterval: '24h', pageCritical: false },
    tracing: { storage: 'memory', collectorReplicas: 1 },
    redis: {},
    disruptionBudget: { minAvailable: '50%' },
    strictSpread: placesOneReplicaPerNode('development'),
    mesh: { maxConnections: 100, maxPendingRequests: 100, maxRequests: 200, consecutive5xxErrors: 10, baseEjectionTime: '15s' },
  },
  staging: {
    prometheus: { replicas: 1, retention: '7d', retentionSize: '18GB', storage: '20Gi' },
    alertmanager: { replicas: 2, retention: '120h', storage: '1Gi', repeatInterval: '12h', pageCritical: false },
    tracing: {
      storage: 'elasticsearch',
      collectorReplicas: 2,
      elasticsearchUrl: 'https://elasticsearch-staging.observability.personapass.io:9200',
      retentionDays: 7,
    },
    redis: { storage: '2Gi' },
    disruptionBudget: { minAvailable: '50%' },
    strictSpread: placesOneReplicaPerNode('staging'),
    mesh: { maxConnections: 500, maxPendingRequests: 250, maxRequests: 1000, consecutive5xxErrors: 5, baseEjectionTime: '30s' },
  },
  production: {
    prometheus: { replicas: 2, retention: '30d', retentionSize: '90GB', storage: '100Gi' },
    alertmanager: { replicas: 3, retention: '120h', storage: '2Gi', repeatInterval: '4h', pageCritical: true },
    tracing: {
      storage: 'elasticsearch',
      collectorReplicas: 3,
      elasticsearchUrl: 'https://elasticsearch.observability.personapass.io:9200',
      retentionDays: 14,
    },
    redis: { storage: '10Gi' },
    disruptionBudget: { maxUnavailable: 1 },
    strictSpread: placesOneReplicaPerNode('production'),
    mesh: { maxConnections: 2000, maxPendingRequests: 1000, maxRequests: 4000, consecutive5xxErrors: 5, baseEjectionTime: '30s' },
  },
};

/** Things outside the platform that it talks to, the same in every tier. */
export const clusterServices = {
  ingressGateway: { namespace: 'istio-system', labels: { istio: 'ingressgateway' }, serviceAccount: 'istio-ingressgateway-service-account' },
  istiod: { namespace: 'istio-system', labels: { app: 'istiod' } },
  dns: { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
  /**
   * KEDA as its Helm chart (kedacore/charts, keda/templates/manager) installs it with release
   * namespace `keda` and `prometheus.operator.enabled: true`: the operator's pods carry
   * `app: keda-operator` (what network policies select), its Service only `app.kubernetes.io/name:
   * keda-operator` and the chart's common labels (what a ServiceMonitor selects); the Service's
   * `metrics` port (8080, `/metrics`) exists only with `prometheus.operator.enabled`.
   */
  keda: { namespace: 'keda', podLabels: { app: 'keda-operator' }, serviceLabels: { 'app.kubernetes.io/name': 'keda-operator' } },
  kubeStateMetrics: { namespace: 'kube-system', labels: { 'app.kubernetes.io/name': 'kube-state-metrics' } },
  /** The owner's node-exporter DaemonSet (the prometheus-node-exporter chart, as kube-prometheus-stack
   *  installs it): on the host network, so its targets are the nodes' addresses. */
  nodeExporter: { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus-node-exporter' }, port: 9100 },
  grafana: { namespace: 'grafana', labels: { 'app.kubernetes.io/name': 'grafana' } },
  /**
   * Velero as its Helm chart (vmware-tanzu/helm-charts, velero) installs it in `velero` with
   * `metrics.enabled` (the default): the server's Service `velero` carries `app.kubernetes.io/name:
   * velero` and the port `http-monitoring` (8085, `/metrics`).
   */
  velero: { namespace: 'velero', labels: { 'app.kubernetes.io/name': 'velero' }, metricsPort: 8085 },
  /** The console's identity, as installed by scripts/stack/manifests/console-rbac.yaml. */
  console: { namespace: 'personapass-system', serviceAccount: 'personapass-console' },
  /** Istio mesh extension provider (meshConfig.extensionProviders) that exports spans over OTLP. */
  tracingProvider: 'personapass-otel',
};

/** Pinned images of the platform's own infrastructure (never `latest`). */
export const infrastructureImages = {
  redis: 'docker.io/library/redis:7.4.1',
  redisExporter: 'quay.io/oliver006/redis_exporter:v1.66.0',
  jaegerAllInOne: 'docker.io/jaegertracing/all-in-one:1.62.0',
  jaegerCollector: 'docker.io/jaegertracing/jaeger-collector:1.62.0',
  jaegerQuery: 'docker.io/jaegertracing/jaeger-query:1.62.0',
  jaegerEsIndexCleaner: 'docker.io/jaegertracing/jaeger-es-index-cleaner:1.62.0',
  // The seed asks for Grafana >= 10.0.0; only where the environment runs its own (observability.grafana).
  grafana: 'docker.io/grafana/grafana:11.3.1',
  prometheusVersion: 'v2.55.1',
  alertmanagerVersion: 'v0.28.1',
};

export { publicHost };

/** The OpenID issuer identity-service signs tokens as: the public host, whose `/.well-known/`
 *  routes reach identity-service (its discovery document names the JWKS). */
export function identityIssuer(environment: string): string {
  return `https://${publicHost(environment)}`;
}

/** Where identity-service serves its signing keys, the `jwks_uri` its discovery document names
 *  (OIDC_JWKS_URI in its ConfigMap): under `/.well-known/`, which the public routes send to it, so
 *  istiod, which fetches the keys through the public host, reaches them. */
export function identityJwksUri(environment: string): string {
  return `${identityIssuer(environment)}/.well-known/jwks.json`;
}
