import { PodMonitor, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { componentNames, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { veleroScheduleName } from '@/lib/core/backups/recovery-objectives';
import { commonLabels, namespacesOf, selectorLabels } from '../names';
import { clusterServices, tierDefaults } from '../platform-defaults';
import { effectiveMinReplicas, isAutoscaled } from '../workloads/app-workload';
import { metricVocabulary } from './metric-vocabulary';

// Keep only the series the alerts and dashboards read: cluster exporters are high-cardinality.
const keepVocabulary = [{ sourceLabels: ['__name__'], regex: `(${metricVocabulary.join('|')})`, action: 'keep' as const }];
const serviceAccountToken = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Every monitor's scrape job and whether it must always find a target (an autoscaled component may
 * be at zero). The job label is the Service's name (the operator's default) or, for the cluster's
 * exporters, the value of the Service label the monitor's jobLabel names; the PodMonitor's is
 * `<namespace>/<name>`. scrape.ts works the same out of the rendered monitors, and a test holds both
 * to the same answer.
 */
export function scrapeJobs(spec: EnvironmentSpec): { monitor: string; job: string; alwaysScraped: boolean }[] {
  const ns = namespacesOf(spec);
  const own = (name: string, alwaysScraped = true) => ({ monitor: name, job: name, alwaysScraped });
  return [
    ...componentNames
      .filter((n) => spec.components[n].enabled)
      .map((n) => own(n, (isAutoscaled(spec, n) ? effectiveMinReplicas(spec, n) : spec.components[n].replicas) > 0)),
    ...(usesRedis(spec) ? [own('redis')] : []),
    ...jaegerTargets(spec).map((n) => own(n)),
    { monitor: 'istio-sidecars', job: `${ns.app}/istio-sidecars`, alwaysScraped: true },
    // The shared ingress gateway always runs (it serves every environment's public routes).
    { monitor: 'istio-ingressgateway', job: `${ns.monitoring}/istio-ingressgateway`, alwaysScraped: true },
    own('kube-state-metrics'),
    { monitor: 'kubelet-cadvisor', job: 'kubelet', alwaysScraped: true },
    own('keda-operator'),
    // Backups are part of the platform: a cluster without Velero's server is told (its target is missing).
    { monitor: 'velero', job: 'velero', alwaysScraped: true },
    { monitor: 'node-exporter', job: clusterServices.nodeExporter.labels['app.kubernetes.io/name'], alwaysScraped: true },
    { monitor: 'prometheus', job: 'prometheus-operated', alwaysScraped: true },
    { monitor: 'alertmanager', job: 'alertmanager-operated', alwaysScraped: true },
  ];
}

const usesRedis = (spec: EnvironmentSpec) => spec.components['wallet-api'].enabled || spec.components['credential-worker'].enabled;
const jaegerTargets = (spec: EnvironmentSpec) => (tierDefaults[spec.tier].tracing.storage === 'memory' ? ['jaeger'] : ['jaeger-collector', 'jaeger-query']);

export function renderServiceMonitors(spec: EnvironmentSpec): KubeObject[] {
  const ns = namespacesOf(spec);
  const monitor = (name: string, namespace: string, port: string, selector: Record<string, string>, extra: object = {}, targetNamespaces?: string[], jobLabel?: string) =>
    new ServiceMonitor({
      metadata: { name, namespace, labels: commonLabels(spec, name) },
      spec: {
        ...(jobLabel ? { jobLabel } : {}),
        selector: { matchLabels: selector },
        ...(targetNamespaces ? { namespaceSelector: { matchNames: targetNamespaces } } : {}),
        endpoints: [{ port, path: '/metrics', interval: '30s', ...extra }],
      },
    });

  return [
    ...componentNames.filter((n) => spec.components[n].enabled).map((n) => monitor(n, ns.app, 'http-metrics', selectorLabels(spec, n))),
    ...(usesRedis(spec) ? [monitor('redis', ns.app, 'http-metrics', selectorLabels(spec, 'redis'))] : []),
    ...jaegerTargets(spec).map((n) => monitor(n, ns.tracing, 'http-admin', selectorLabels(spec, n))),
    // istio_requests_total and the duration histogram come from every sidecar's Envoy.
    new PodMonitor({
      metadata: { name: 'istio-sidecars', namespace: ns.app, labels: commonLabels(spec, 'istio-sidecars') },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/part-of': 'personapass' } },
        podMetricsEndpoints: [
          {
            port: 'http-envoy-prom',
            path: '/stats/prometheus',
            interval: '30s',
            metricRelabelings: [{ sourceLabels: ['__name__'], regex: 'istio_.*', action: 'keep' }],
          },
        ],
      },
    }),
    // The ingress gateway's Envoy reports every public request as its caller (reporter="source"),
    // including the 503s it makes itself when a service's circuit breaker is open. The gateway is
    // shared: keep only what it sent to this environment's services.
    new PodMonitor({
      metadata: { name: 'istio-ingressgateway', namespace: ns.monitoring, labels: commonLabels(spec, 'istio-ingressgateway') },
      spec: {
        namespaceSelector: { matchNames: [clusterServices.ingressGateway.namespace] },
        selector: { matchLabels: clusterServices.ingressGateway.labels },
        podMetricsEndpoints: [
          {
            port: 'http-envoy-prom',
            path: '/stats/prometheus',
            interval: '30s',
            metricRelabelings: [
              { sourceLabels: ['__name__'], regex: 'istio_.*', action: 'keep' },
              { sourceLabels: ['destination_service'], regex: `[^.]+[.]${ns.app}[.]svc[.]cluster[.]local`, action: 'keep' },
            ],
          },
        ],
      },
    }),
    // The cluster's exporters keep one job label however the cluster owner named their Services
    // (kube-prometheus-stack: <release>-kube-state-metrics, <release>-kubelet): the operator takes
    // the job from the Service label jobLabel names, and falls back to the Service's name.
    monitor(
      'kube-state-metrics',
      ns.monitoring,
      'http-metrics',
      clusterServices.kubeStateMetrics.labels,
      { honorLabels: true, metricRelabelings: keepVocabulary },
      [clusterServices.kubeStateMetrics.namespace],
      'app.kubernetes.io/name',
    ),
    monitor(
      'kubelet-cadvisor',
      ns.monitoring,
      'https-metrics',
      { 'app.kubernetes.io/name': 'kubelet' },
      {
        path: '/metrics/cadvisor',
        scheme: 'https',
        honorLabels: true,
        bearerTokenFile: `${serviceAccountToken}/token`,
        tlsConfig: { caFile: `${serviceAccountToken}/ca.crt` },
        metricRelabelings: keepVocabulary,
      },
      ['kube-system'],
      // The operator's kubelet Service (its --kubelet-service) carries k8s-app: kubelet.
      'k8s-app',
    ),
    // KEDA labels its metrics with the namespace of each ScaledObject; without honorLabels the target's
    // namespace ("keda") would replace it and KEDA's would be stored as exported_namespace, so nothing
    // that selects this environment's namespace would ever see a KEDA series.
    monitor('keda-operator', ns.monitoring, 'metrics', clusterServices.keda.serviceLabels, { path: '/metrics', honorLabels: true }, [clusterServices.keda.namespace], 'app.kubernetes.io/name'),
    // Velero's server: per Schedule, its last successful backup. It reports every Schedule of the
    // cluster; only this environment's is kept.
    monitor('velero', ns.monitoring, 'http-monitoring', clusterServices.velero.labels, {
      metricRelabelings: [...keepVocabulary, { sourceLabels: ['schedule'], regex: veleroScheduleName(spec.name), action: 'keep' as const }],
    }, [clusterServices.velero.namespace], 'app.kubernetes.io/name'),
    // Node CPU, memory and pressure, from the owner's node-exporter on every node. The job is the
    // Service's name label (jobLabel), whatever the owner's release calls the Service.
    new ServiceMonitor({
      metadata: { name: 'node-exporter', namespace: ns.monitoring, labels: commonLabels(spec, 'node-exporter') },
      spec: {
        jobLabel: 'app.kubernetes.io/name',
        selector: { matchLabels: clusterServices.nodeExporter.labels },
        namespaceSelector: { matchNames: [clusterServices.nodeExporter.namespace] },
        endpoints: [{ port: 'http-metrics', path: '/metrics', interval: '30s', metricRelabelings: keepVocabulary }],
      },
    }),
    // Prometheus and Alertmanager themselves, through the Services the operator keeps for them.
    monitor('prometheus', ns.monitoring, 'web', { 'operated-prometheus': 'true' }, { metricRelabelings: keepVocabulary }),
    monitor('alertmanager', ns.monitoring, 'web', { 'operated-alertmanager': 'true' }, { metricRelabelings: keepVocabulary }),
  ];
}
