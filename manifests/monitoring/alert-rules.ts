import { type EnvironmentSpec, componentNames } from '@/lib/core/environments/environment-spec';
import { placesOneReplicaPerNode } from '@/lib/core/environments/node-capacity';
import { durationInWords, recoveryObjectives, veleroScheduleName } from '@/lib/core/backups/recovery-objectives';
import { namespacesOf } from '../names';
import { tierDefaults } from '../platform-defaults';
import { type IstioRequest, ingressGatewayPeer, istioSeries } from './istio-scrape';
import { indexCleanerName, indexCleanerSecret } from '../tracing';
import { isAutoscaled } from '../workloads/app-workload';
import type { ExposedSeries } from './scrape';
import { scrapeJobs } from './service-monitors';

export interface AlertTest {
  /** Input series as the platform's scrape targets expose them; promtool gets what Prometheus would
   *  store from the rendered monitors (scrape.ts), never a label set written by hand. */
  series: ExposedSeries[];
  evalTime: string;
  /** The input series' sample interval and promtool's evaluation interval for this alert's tests
   *  (default 1m): coarser for an alert about days, whose tests would otherwise run thousands of
   *  evaluation steps in every plan's checks. Only an alert alone in its rule group may set it. */
  interval?: string;
  /** Labels of the one alert expected to fire at evalTime, or those of input series `ofSeries` as
   *  stored, for an alert that keeps its series' labels (severity and environment are added). */
  labels: Record<string, string> | { ofSeries: number };
  /** Series under which the alert must stay quiet at evalTime: the healthy case. */
  quiet?: { series: ExposedSeries[]; evalTime: string };
  /** Further cases in which the alert must fire, each with its own series. */
  also?: Omit<AlertTest, 'quiet' | 'also'>[];
}

export interface AlertDefinition {
  alert: string;
  group: 'traffic' | 'security' | 'workloads' | 'resources' | 'autoscaling' | 'queue' | 'meta' | 'housekeeping' | 'backups';
  expr: string;
  for: string;
  /** `none` only for the Watchdog, which is no problem but a heartbeat. */
  severity: 'critical' | 'warning' | 'none';
  summary: string;
  description: string;
  test: AlertTest;
  /** Warnings this (critical) alert makes redundant while it fires about the same thing, the labels
   *  in `equal` naming that thing: Alertmanager inhibits them, and only where both carry the labels. */
  silences?: { alerts: string[]; equal: string[] };
}

export function runbookUrl(alert: string): string {
  return `https://runbooks.personapass.io/alerts/${alert.replace(/^PersonaPass/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
}

/** Requests the callers' proxies (sidecars, the ingress gateway) sent to the namespace's services,
 *  by service: these are labelled by the Istio cluster's service even when no host was picked. */
export function callerRequests(namespace: string, labels = ''): string {
  const service = `destination_service=~"[^.]+[.]${namespace}[.]svc[.]cluster[.]local"`;
  return `istio_requests_total{reporter="source",${service}${labels ? `,${labels}` : ''}}`;
}

/** The share of callers' requests to each service of the namespace that match `labels`. */
function callerRatio(namespace: string, labels: string, window: string): string {
  const rate = (selector: string) => `sum by (destination_service_name) (rate(${selector}[${window}]))`;
  return `${rate(callerRequests(namespace, labels))} / ${rate(callerRequests(namespace))}`;
}

/** Every alert of one environment, each with the unit test that makes it fire (see promtool-tests.ts). */
export function alertDefinitions(spec: EnvironmentSpec): AlertDefinition[] {
  const ns = namespacesOf(spec);
  const app = ns.app;
  const allNs = `${ns.app}|${ns.tracing}|${ns.monitoring}`;
  const mesh = `reporter="destination",destination_workload_namespace="${app}"`;
  const req = (labels: string) => `istio_requests_total{${mesh}${labels ? `,${labels}` : ''}}`;
  const ratio = (bad: string, window: string) =>
    `sum by (destination_workload) (rate(${req(bad)}[${window}])) / sum by (destination_workload) (rate(${req('')}[${window}]))`;
  const circuitBreakerRatio = callerRatio(app, 'response_code="503",response_flags=~"UO|UH"', '5m');
  const wl = 'wallet-api';
  // Test series carry the labels of a real scrape: public requests through the ingress gateway to
  // wallet-api, as the gateway (source) or wallet-api's sidecar (destination) reports them.
  // Any release's version will do (Istio's canonical revision): not the spec's tag, so a new image
  // leaves the test files unchanged and a plan reuses promtool's earlier answers.
  const wallet = { workload: wl, namespace: app, serviceAccount: wl, version: '2.3.0' };
  const publicRequest = (reporter: IstioRequest['reporter'], code: string, more: Partial<IstioRequest> = {}): IstioRequest => ({
    reporter,
    source: ingressGatewayPeer,
    destination: wallet,
    code,
    ...more,
  });
  const reqSeries = (code: string, values: string) => istioSeries('istio_requests_total', publicRequest('destination', code), values);
  const callerSeries = (code: string, values: string, more: Partial<IstioRequest> = {}) => istioSeries('istio_requests_total', publicRequest('source', code, more), values);
  const bucket = (le: string, values: string) => istioSeries('istio_request_duration_milliseconds_bucket', publicRequest('destination', '200'), values, { le });
  const byWorkload = { destination_workload: wl };
  const podName = 'wallet-api-7d9f8-abcde';
  const pod = { namespace: app, pod: podName, container: 'wallet-api' };
  // kube-state-metrics and the kubelet's cAdvisor name the pod in their own labels.
  const ksm = (metric: string, labels: Record<string, string>, values: string): ExposedSeries => ({ scrape: 'kube-state-metrics', metric, labels, values });
  const cadvisor = (metric: string, values: string): ExposedSeries => ({
    scrape: 'kubelet-cadvisor',
    metric,
    labels: { ...pod, id: `/kubepods/burstable/pod1f0c/${podName}`, image: 'registry.personapass.io/personapass/wallet-api:2.3.0', name: 'wallet-api' },
    values,
  });
  const podSeries = (metric: string, values: string, extra: Record<string, string> = {}) =>
    ksm(metric, { ...pod, uid: '1f0c2b7e-6a55-4d0e-9a51-3c1b2d4e5f60', ...extra }, values);
  const limit = (resource: 'cpu' | 'memory', values: string) =>
    podSeries('kube_pod_container_resource_limits', values, { node: 'worker-2', resource, unit: resource === 'cpu' ? 'core' : 'byte' });
  const request = (resource: 'cpu' | 'memory', values: string) =>
    podSeries('kube_pod_container_resource_requests', values, { node: 'worker-2', resource, unit: resource === 'cpu' ? 'core' : 'byte' });
  const deployment = (metric: string, values: string, name = wl) => ksm(metric, { namespace: app, deployment: name }, values);
  const queue = `redis_key_size{namespace="${app}",key="task_queue"}`;
  // redis_exporter knows no namespace: the target's labels say where the queue lives.
  const queueSeries = (values: string): ExposedSeries => ({ scrape: 'redis', metric: 'redis_key_size', labels: { db: 'db0', key: 'task_queue' }, values });
  const firstSeries = { ofSeries: 0 };
  // KEDA labels its metrics with the ScaledObject's namespace (pkg/metricscollector/prommetrics.go).
  const keda = (metric: string, namespace: string, scaledObject: string, values: string): ExposedSeries => ({
    scrape: 'keda-operator',
    metric,
    labels: { namespace, scaledObject, scaler: 'task-queue-length', triggerIndex: '0', metric: 's0-redis-task_queue', type: 'scaledobject' },
    values,
  });
  const cpuUse = `sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{namespace=~"${allNs}",container!=""}[5m]))`;
  const mem = `sum by (namespace, pod, container) (container_memory_working_set_bytes{namespace=~"${allNs}",container!=""})`;
  const resource = (metric: string, kind: string) =>
    `sum by (namespace, pod, container) (${metric}{namespace=~"${allNs}",resource="${kind}"})`;

  const alerts: AlertDefinition[] = [
    {
      alert: 'PersonaPassHighErrorRate',
      group: 'traffic',
      expr: `${ratio('response_code=~"5.."', '5m')} > 0.05`,
      for: '5m',
      severity: 'critical',
      summary: '{{ $labels.destination_workload }} answers more than 5% of requests with 5xx',
      description: 'More than 5% of requests to {{ $labels.destination_workload }} failed with a server error for 5 minutes.',
      silences: { alerts: ['PersonaPassElevatedErrorRate', 'PersonaPassErrorBudgetSlowBurn'], equal: ['destination_workload'] },
      test: { series: [reqSeries('200', '0+90x20'), reqSeries('500', '0+10x20')], evalTime: '12m', labels: byWorkload },
    },
    {
      alert: 'PersonaPassElevatedErrorRate',
      group: 'traffic',
      expr: `${ratio('response_code=~"5.."', '15m')} > 0.01`,
      for: '15m',
      severity: 'warning',
      summary: '{{ $labels.destination_workload }} answers more than 1% of requests with 5xx',
      description: 'A sustained 5xx ratio above 1% for 15 minutes on {{ $labels.destination_workload }}.',
      test: { series: [reqSeries('200', '0+98x40'), reqSeries('503', '0+2x40')], evalTime: '35m', labels: byWorkload },
    },
    {
      alert: 'PersonaPassCircuitBreakerOpen',
      group: 'traffic',
      // The callers' Envoys make these 503s (UO: the DestinationRule's pool overflowed; UH: outlier
      // detection left no healthy host), so only they report them, by service: with no host picked
      // the destination workload is unknown. Named as a workload too, like the other traffic alerts.
      expr: `label_replace(${circuitBreakerRatio}, "destination_workload", "$1", "destination_service_name", "(.*)") > 0.02`,
      for: '5m',
      severity: 'warning',
      summary: '{{ $labels.destination_service_name }} sheds load with 503s',
      description:
        "More than 2% of the requests callers send to {{ $labels.destination_service_name }} get a 503 from their own Envoy: its connection pool overflowed (UO) or outlier detection ejected every host (UH).",
      test: {
        // The destination saw only what got through; the gateway's Envoy shed 3% (pool overflow) and
        // found no healthy host for 2% (all ejected: no destination workload known).
        series: [
          reqSeries('200', '0+95x20'),
          callerSeries('200', '0+95x20'),
          callerSeries('503', '0+3x20', { flags: 'UO' }),
          callerSeries('503', '0+2x20', { flags: 'UH', hostPicked: false }),
        ],
        evalTime: '12m',
        labels: { destination_service_name: wl, destination_workload: wl },
      },
    },
    {
      alert: 'PersonaPassRateLimited',
      group: 'traffic',
      // The sidecar's local rate limit (EnvoyFilter <component>-local-rate-limit) answers 429 with
      // response flag RL itself; the request never reaches the application, so only the destination's
      // Envoy reports it. An application's own 429 carries no flag and is not counted.
      expr: `${ratio('response_code="429",response_flags="RL"', '5m')} > 0.01`,
      for: '5m',
      severity: 'warning',
      summary: "{{ $labels.destination_workload }}'s sidecars refuse more than 1% of requests at their rate limit",
      description:
        'More than 1% of the requests to {{ $labels.destination_workload }} got a 429 from its own sidecar (local rate limit, response flag RL) for 5 minutes: the autoscaler is at its maximum or too slow, or one client is flooding. Raise the limit or maxReplicas, or find the client.',
      test: {
        series: [reqSeries('200', '0+95x20'), istioSeries('istio_requests_total', publicRequest('destination', '429', { flags: 'RL' }), '0+5x20')],
        evalTime: '12m',
        labels: byWorkload,
        // The application's own 429s (no flag) are not the sidecar's limit.
        quiet: { series: [reqSeries('200', '0+95x20'), reqSeries('429', '0+5x20')], evalTime: '12m' },
      },
    },
    {
      alert: 'PersonaPassHighLatencyP99',
      group: 'traffic',
      expr: `histogram_quantile(0.99, sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{${mesh}}[5m]))) > 1000`,
      for: '10m',
      severity: 'critical',
      summary: '{{ $labels.destination_workload }} p99 latency above 1s',
      description: 'The 99th percentile of request duration on {{ $labels.destination_workload }} has exceeded 1 second for 10 minutes.',
      silences: { alerts: ['PersonaPassHighLatencyP95', 'PersonaPassHighLatencyP50'], equal: ['destination_workload'] },
      test: {
        series: [bucket('250', '0+0x30'), bucket('1000', '0+0x30'), bucket('2500', '0+10x30'), bucket('+Inf', '0+10x30')],
        evalTime: '20m',
        labels: byWorkload,
      },
    },
    {
      alert: 'PersonaPassHighLatencyP95',
      group: 'traffic',
      expr: `histogram_quantile(0.95, sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{${mesh}}[5m]))) > 500`,
      for: '15m',
      severity: 'warning',
      summary: '{{ $labels.destination_workload }} p95 latency above 500ms',
      description: 'The 95th percentile of request duration on {{ $labels.destination_workload }} has exceeded 500 ms for 15 minutes.',
      test: { series: [bucket('250', '0+0x40'), bucket('1000', '0+10x40'), bucket('+Inf', '0+10x40')], evalTime: '25m', labels: byWorkload },
    },
    {
      alert: 'PersonaPassHighLatencyP50',
      group: 'traffic',
      expr: `histogram_quantile(0.5, sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{${mesh}}[5m]))) > 300`,
      for: '15m',
      severity: 'warning',
      summary: '{{ $labels.destination_workload }} median latency above 300ms',
      description: 'Half of the requests to {{ $labels.destination_workload }} take longer than 300 ms.',
      test: { series: [bucket('250', '0+0x40'), bucket('1000', '0+10x40'), bucket('+Inf', '0+10x40')], evalTime: '25m', labels: byWorkload },
    },
    {
      alert: 'PersonaPassNoTraffic',
      group: 'traffic',
      expr: `sum by (destination_workload) (rate(${req('destination_workload=~"identity-service|wallet-api"')}[10m])) == 0`,
      for: '15m',
      severity: 'warning',
      summary: '{{ $labels.destination_workload }} receives no requests',
      description: '{{ $labels.destination_workload }} has served no request for 25 minutes although it did before.',
      test: { series: [reqSeries('200', '100x40')], evalTime: '30m', labels: byWorkload },
    },
    {
      alert: 'PersonaPassMeshTelemetryAbsent',
      group: 'traffic',
      expr: `absent(istio_requests_total{${mesh}})`,
      for: '15m',
      severity: 'warning',
      summary: 'No mesh request metrics from {{ $labels.destination_workload_namespace }}',
      description: 'Prometheus has no istio_requests_total for the namespace: sidecars missing or scraping broken.',
      test: {
        series: [callerSeries('200', '0+1x30', { destination: { workload: 'other', namespace: 'elsewhere', serviceAccount: 'other' } })],
        evalTime: '20m',
        labels: { reporter: 'destination', destination_workload_namespace: app },
      },
    },
    {
      alert: 'PersonaPassErrorBudgetFastBurn',
      group: 'traffic',
      expr: `(${ratio('response_code=~"5.."', '1h')} > 0.0144) and (${ratio('response_code=~"5.."', '5m')} > 0.0144)`,
      for: '2m',
      severity: 'critical',
      summary: '{{ $labels.destination_workload }} burns its 99.9% error budget 14x too fast',
      description: 'At this rate {{ $labels.destination_workload }} spends a 30-day error budget in about two days.',
      silences: { alerts: ['PersonaPassElevatedErrorRate', 'PersonaPassErrorBudgetSlowBurn'], equal: ['destination_workload'] },
      test: { series: [reqSeries('200', '0+95x80'), reqSeries('500', '0+5x80')], evalTime: '70m', labels: byWorkload },
    },
    {
      alert: 'PersonaPassErrorBudgetSlowBurn',
      group: 'traffic',
      expr: `(${ratio('response_code=~"5.."', '6h')} > 0.006) and (${ratio('response_code=~"5.."', '30m')} > 0.006)`,
      for: '15m',
      severity: 'warning',
      summary: '{{ $labels.destination_workload }} burns its 99.9% error budget 6x too fast',
      description: 'At this rate {{ $labels.destination_workload }} spends a 30-day error budget in five days.',
      test: { series: [reqSeries('200', '0+99x80'), reqSeries('500', '0+1x80')], evalTime: '70m', labels: byWorkload },
    },
    {
      alert: 'PersonaPassClientErrorSurge',
      group: 'security',
      expr: `${ratio('response_code=~"4.."', '10m')} > 0.25`,
      for: '10m',
      severity: 'warning',
      summary: 'More than 25% of requests to {{ $labels.destination_workload }} are rejected with 4xx',
      description: 'A surge of client errors: a broken client release, or someone probing the API.',
      test: { series: [reqSeries('200', '0+60x40'), reqSeries('404', '0+40x40')], evalTime: '30m', labels: byWorkload },
    },
    {
      alert: 'PersonaPassAuthFailureSpike',
      group: 'security',
      expr: `sum by (destination_workload) (rate(${req('response_code=~"401|403"')}[5m])) > 10`,
      for: '5m',
      severity: 'warning',
      summary: '{{ $labels.destination_workload }} rejects more than 10 requests/s as unauthenticated or forbidden',
      description: 'Possible credential stuffing or token misuse against {{ $labels.destination_workload }}.',
      test: { series: [reqSeries('401', '0+900x30')], evalTime: '15m', labels: byWorkload },
    },
    {
      alert: 'PersonaPassAuthFailureRatioHigh',
      group: 'security',
      expr: `${ratio('response_code=~"401|403"', '10m')} > 0.3`,
      for: '10m',
      severity: 'critical',
      summary: 'Over 30% of requests to {{ $labels.destination_workload }} fail authentication',
      description: 'Either an identity-service key rotation went wrong or an attack is under way.',
      silences: { alerts: ['PersonaPassAuthFailureSpike', 'PersonaPassClientErrorSurge'], equal: ['destination_workload'] },
      test: { series: [reqSeries('200', '0+50x40'), reqSeries('403', '0+50x40')], evalTime: '30m', labels: byWorkload },
    },
    {
      alert: 'PersonaPassDeploymentReplicasUnavailable',
      group: 'workloads',
      expr: `kube_deployment_status_replicas_available{namespace=~"${allNs}"} < kube_deployment_spec_replicas{namespace=~"${allNs}"}`,
      for: '10m',
      severity: 'warning',
      summary: '{{ $labels.namespace }}/{{ $labels.deployment }} runs fewer replicas than desired',
      description: 'Some replicas of {{ $labels.deployment }} have not been available for 10 minutes.',
      test: {
        series: [deployment('kube_deployment_status_replicas_available', '2x30'), deployment('kube_deployment_spec_replicas', '3x30')],
        evalTime: '15m',
        labels: firstSeries,
      },
    },
    {
      alert: 'PersonaPassDeploymentDown',
      group: 'workloads',
      expr: `(kube_deployment_status_replicas_available{namespace=~"${allNs}"} == 0) and (kube_deployment_spec_replicas{namespace=~"${allNs}"} > 0)`,
      for: '5m',
      severity: 'critical',
      summary: '{{ $labels.namespace }}/{{ $labels.deployment }} has no available replica',
      description: '{{ $labels.deployment }} should run but none of its pods is available.',
      silences: { alerts: ['PersonaPassDeploymentReplicasUnavailable'], equal: ['namespace', 'deployment'] },
      test: {
        series: [deployment('kube_deployment_status_replicas_available', '0x20'), deployment('kube_deployment_spec_replicas', '2x20')],
        evalTime: '10m',
        labels: firstSeries,
      },
    },
    {
      alert: 'PersonaPassPodCrashLooping',
      group: 'workloads',
      expr: `increase(kube_pod_container_status_restarts_total{namespace=~"${allNs}"}[5m]) > 3`,
      for: '1m',
      severity: 'critical',
      summary: '{{ $labels.namespace }}/{{ $labels.pod }} restarted more than 3 times in 5 minutes',
      description: 'Container {{ $labels.container }} is crash looping.',
      silences: { alerts: ['PersonaPassFrequentRestarts'], equal: ['namespace', 'pod', 'container'] },
      test: { series: [podSeries('kube_pod_container_status_restarts_total', '0+1x20')], evalTime: '10m', labels: firstSeries },
    },
    {
      alert: 'PersonaPassFrequentRestarts',
      group: 'workloads',
      expr: `increase(kube_pod_container_status_restarts_total{namespace=~"${allNs}"}[1h]) > 5`,
      for: '0m',
      severity: 'warning',
      summary: '{{ $labels.namespace }}/{{ $labels.pod }} restarted more than 5 times in an hour',
      description: 'Container {{ $labels.container }} keeps restarting, though not yet crash looping.',
      test: { series: [podSeries('kube_pod_container_status_restarts_total', '0+0.2x90')], evalTime: '70m', labels: firstSeries },
    },
    {
      alert: 'PersonaPassHighCpuUsage',
      group: 'resources',
      expr: `${cpuUse} / ${resource('kube_pod_container_resource_limits', 'cpu')} > 0.9`,
      for: '15m',
      severity: 'warning',
      summary: '{{ $labels.namespace }}/{{ $labels.pod }} uses more than 90% of its CPU limit',
      description: 'Container {{ $labels.container }} is at its CPU limit and is being throttled.',
      test: {
        series: [
          cadvisor('container_cpu_usage_seconds_total', '0+57x40'),
          limit('cpu', '1x40'),
        ],
        evalTime: '25m',
        labels: pod,
      },
    },
    {
      alert: 'PersonaPassHighMemoryUsage',
      group: 'resources',
      expr: `${mem} / ${resource('kube_pod_container_resource_limits', 'memory')} > 0.9`,
      for: '15m',
      severity: 'warning',
      summary: '{{ $labels.namespace }}/{{ $labels.pod }} uses more than 90% of its memory limit',
      description: 'Container {{ $labels.container }} is close to being OOM-killed.',
      test: {
        series: [
          cadvisor('container_memory_working_set_bytes', '950x40'),
          limit('memory', '1000x40'),
        ],
        evalTime: '25m',
        labels: pod,
      },
    },
    {
      alert: 'PersonaPassMemoryExhaustionImminent',
      group: 'resources',
      expr: `${mem} / ${resource('kube_pod_container_resource_limits', 'memory')} > 0.98`,
      for: '5m',
      severity: 'critical',
      summary: '{{ $labels.namespace }}/{{ $labels.pod }} is at 98% of its memory limit',
      description: 'Container {{ $labels.container }} will be OOM-killed any moment.',
      silences: { alerts: ['PersonaPassHighMemoryUsage', 'PersonaPassMemoryAboveRequests'], equal: ['namespace', 'pod', 'container'] },
      test: {
        series: [
          cadvisor('container_memory_working_set_bytes', '990x20'),
          limit('memory', '1000x20'),
        ],
        evalTime: '10m',
        labels: pod,
      },
    },
    {
      alert: 'PersonaPassCpuAboveRequests',
      group: 'resources',
      expr: `${cpuUse} / ${resource('kube_pod_container_resource_requests', 'cpu')} > 1.5`,
      for: '30m',
      severity: 'warning',
      summary: '{{ $labels.namespace }}/{{ $labels.pod }} uses 1.5x its CPU request',
      description: 'Requests of {{ $labels.container }} are too low for its load: the scheduler under-reserves.',
      test: {
        series: [
          cadvisor('container_cpu_usage_seconds_total', '0+60x60'),
          request('cpu', '0.5x60'),
        ],
        evalTime: '45m',
        labels: pod,
      },
    },
    {
      alert: 'PersonaPassMemoryAboveRequests',
      group: 'resources',
      expr: `${mem} / ${resource('kube_pod_container_resource_requests', 'memory')} > 1.5`,
      for: '30m',
      severity: 'warning',
      summary: '{{ $labels.namespace }}/{{ $labels.pod }} uses 1.5x its memory request',
      description: 'Memory requests of {{ $labels.container }} are too low: eviction risk under node pressure.',
      test: {
        series: [
          cadvisor('container_memory_working_set_bytes', '800x60'),
          request('memory', '500x60'),
        ],
        evalTime: '45m',
        labels: pod,
      },
    },
    {
      alert: 'PersonaPassTaskQueueBacklog',
      group: 'queue',
      expr: `${queue} > 1000`,
      for: '15m',
      severity: 'warning',
      summary: 'task_queue holds more than 1000 tasks',
      description: 'credential-worker is not keeping up; check its replicas and errors.',
      test: { series: [queueSeries('1500x30')], evalTime: '20m', labels: firstSeries },
    },
    {
      alert: 'PersonaPassTaskQueueCritical',
      group: 'queue',
      expr: `${queue} > 10000`,
      for: '10m',
      severity: 'critical',
      summary: 'task_queue holds more than 10000 tasks',
      description: 'Credential issuance is badly delayed.',
      silences: { alerts: ['PersonaPassTaskQueueBacklog', 'PersonaPassTaskQueueNotDraining'], equal: ['namespace', 'key'] },
      test: { series: [queueSeries('20000x30')], evalTime: '15m', labels: firstSeries },
    },
    {
      alert: 'PersonaPassTaskQueueNotDraining',
      group: 'queue',
      expr: `(deriv(${queue}[30m]) > 0) and (${queue} > 100)`,
      for: '30m',
      severity: 'warning',
      summary: 'task_queue has grown for 30 minutes',
      description: 'Tasks arrive faster than credential-worker completes them.',
      test: { series: [queueSeries('0+10x90')], evalTime: '70m', labels: firstSeries },
    },
    {
      alert: 'PersonaPassWorkerAbsentWithBacklog',
      group: 'queue',
      expr: `(${queue} > 0) and on() (sum(kube_deployment_status_replicas_available{namespace="${app}",deployment="credential-worker"}) == 0)`,
      for: '10m',
      severity: 'critical',
      summary: 'task_queue has work but no credential-worker is available',
      description: 'The worker did not scale up from zero, or all its pods are failing.',
      silences: { alerts: ['PersonaPassTaskQueueBacklog', 'PersonaPassTaskQueueNotDraining'], equal: ['namespace', 'key'] },
      test: {
        series: [queueSeries('5x30'), deployment('kube_deployment_status_replicas_available', '0x30', 'credential-worker')],
        evalTime: '15m',
        labels: firstSeries,
      },
    },
  ];

  alerts.push(...metaAlerts(spec), ...indexCleanupAlerts(spec), ...backupAlerts(spec));

  const autoscaled = componentNames.filter((name) => isAutoscaled(spec, name));
  if (autoscaled.length > 0) {
    const first = autoscaled[0] ?? wl;
    alerts.push(
      {
        alert: 'PersonaPassAutoscalerAtMaximum',
        group: 'autoscaling',
        expr: autoscaled
          .map((name) => `(kube_deployment_spec_replicas{namespace="${app}",deployment="${name}"} >= ${spec.components[name].autoscaling.maxReplicas})`)
          .join(' or '),
        for: '30m',
        severity: 'warning',
        summary: '{{ $labels.deployment }} has run at its autoscaling maximum for 30 minutes',
        description: `Raise maxReplicas${placesOneReplicaPerNode(spec.tier) ? ' and nodes (one replica per node)' : ''} in the environment spec or find why {{ $labels.deployment }} needs so many.`,
        test: {
          series: [deployment('kube_deployment_spec_replicas', `${spec.components[first].autoscaling.maxReplicas}x60`, first)],
          evalTime: '40m',
          labels: firstSeries,
        },
      },
      {
        alert: 'PersonaPassAutoscalerMetricsMissing',
        group: 'autoscaling',
        expr: `absent(keda_scaler_metrics_value{namespace="${app}"})`,
        for: '15m',
        severity: 'warning',
        summary: 'KEDA reports no scaler metrics for {{ $labels.namespace }}',
        description: 'The ScaledObjects are not being evaluated: KEDA is down or its metrics are not scraped.',
        test: {
          series: [keda('keda_scaler_metrics_value', 'elsewhere', 'x', '1x30')],
          evalTime: '20m',
          labels: { namespace: app },
          // KEDA reporting on this namespace's ScaledObjects, as stored by a real scrape.
          quiet: { series: [keda('keda_scaler_metrics_value', app, first, '3x30')], evalTime: '20m' },
        },
      },
    );
    if (autoscaled.includes('credential-worker')) {
      alerts.push({
        alert: 'PersonaPassQueueScalerInactiveWithBacklog',
        group: 'autoscaling',
        expr: `(keda_scaler_active{namespace="${app}",scaledObject="credential-worker"} == 0) and on() (sum(${queue}) > 0)`,
        for: '10m',
        severity: 'critical',
        summary: 'KEDA reports the worker scaler inactive while task_queue has work',
        description: 'Scaler {{ $labels.scaler }} of credential-worker should be active; check KEDA and its Redis connection.',
        test: {
          series: [keda('keda_scaler_active', app, 'credential-worker', '0x30'), queueSeries('50x30')],
          evalTime: '15m',
          labels: firstSeries,
        },
      });
    }
  }
  return alerts;
}

/**
 * Jaeger's index cleaner, where Jaeger writes to Elasticsearch: a CronJob that stops succeeding (bad
 * credentials, Elasticsearch unreachable, a wrong image) lets the daily indices pile up until the
 * cluster's disk watermarks stop every write. It runs nightly, so 36 hours without a success means
 * at least one missed run; one that never succeeded counts from its creation. Failed Jobs are not
 * counted instead: they stay (failedJobsHistoryLimit) after the next night's success.
 */
function indexCleanupAlerts(spec: EnvironmentSpec): AlertDefinition[] {
  if (tierDefaults[spec.tier].tracing.storage !== 'elasticsearch') return [];
  const labels = { namespace: namespacesOf(spec).tracing, cronjob: indexCleanerName };
  const selector = `{namespace="${labels.namespace}",cronjob="${labels.cronjob}"}`;
  const stale = 36 * 3600;
  const ksm = (metric: string, values: string): ExposedSeries => ({ scrape: 'kube-state-metrics', metric, labels, values });
  // promtool's clock starts at 0 (a value of 0 is a success at the test's start), one sample and one
  // evaluation every 15 minutes (an alert about a day and a half needs no finer steps).
  const hours = (n: number) => `${n * 4}`; // samples after the first
  return [
    {
      alert: 'PersonaPassIndexCleanupNotSucceeding',
      // Its own group: its unit tests run 37 hours of evaluations, which promtool makes of every rule
      // in the group, so it keeps them cheap (a plan's checks run them).
      group: 'housekeeping',
      expr:
        `(time() - kube_cronjob_status_last_successful_time${selector} > ${stale})` +
        ` or ((time() - kube_cronjob_created${selector} > ${stale}) unless on(namespace, cronjob) kube_cronjob_status_last_successful_time${selector})`,
      for: '15m',
      severity: 'warning',
      summary: '{{ $labels.namespace }}/{{ $labels.cronjob }} has not succeeded for 36 hours',
      description:
        `Jaeger's old Elasticsearch indices are not being deleted: read the failed Jobs' logs (the cleaner signs in with the credentials in Secret ${indexCleanerSecret}, whose Elasticsearch role needs view_index_metadata and delete_index on the environment's index prefix; Elasticsearch reachable on 9200). Indices then grow until Elasticsearch stops accepting spans.`,
      test: {
        interval: '15m',
        series: [ksm('kube_cronjob_status_last_successful_time', `0x${hours(38)}`), ksm('kube_cronjob_created', `0x${hours(38)}`)],
        evalTime: '37h',
        labels: { ofSeries: 0 },
        // A success every night: the last one, 24 hours in, is 13 hours old at 37 hours.
        quiet: { series: [ksm('kube_cronjob_status_last_successful_time', `0x${hours(24)} 86400x${hours(14)}`), ksm('kube_cronjob_created', `0x${hours(38)}`)], evalTime: '37h' },
        // Never succeeded since it was created 37 hours ago: no last-successful series at all.
        also: [{ series: [ksm('kube_cronjob_created', `0x${hours(38)}`)], evalTime: '37h', labels: { ofSeries: 0 } }],
      },
    },
  ];
}

/**
 * Velero's Schedule of the environment no longer completes backups within the tier's RPO (production
 * 15 minutes, others 24 hours; recovery-objectives.ts, the same table the Schedule and the console's
 * warning read). Velero sets the series only once a backup of the Schedule succeeded: a Schedule that
 * never did is the console's backup panel to show, as is a cluster without Velero.
 */
function backupAlerts(spec: EnvironmentSpec): AlertDefinition[] {
  const { rpoSeconds } = recoveryObjectives[spec.tier];
  const schedule = veleroScheduleName(spec.name);
  const series = (values: string): ExposedSeries => ({ scrape: 'velero', metric: 'velero_backup_last_successful_timestamp', labels: { schedule }, values });
  // One sample every 5 minutes (a day's RPO needs no finer steps, and a coarser one would leave the
  // series stale between samples, past Prometheus' 5-minute lookback); promtool's clock starts at 0.
  const steps = (hours: number) => `${hours * 12}`;
  const hours = Math.ceil((rpoSeconds + 3600) / 3600);
  return [
    {
      alert: 'PersonaPassBackupOlderThanRpo',
      // Its own group: its tests step by 5 minutes.
      group: 'backups',
      expr: `time() - velero_backup_last_successful_timestamp{schedule="${schedule}"} > ${rpoSeconds}`,
      for: '15m',
      severity: spec.tier === 'production' ? 'critical' : 'warning',
      summary: `Velero's last successful backup of ${spec.name} is older than its RPO of ${durationInWords(rpoSeconds)}`,
      description: `Schedule velero/${schedule} has not completed a backup for longer than the environment's recovery point objective: a restore now would lose more. Read the failed Backups (velero backup describe, velero backup logs), the BackupStorageLocation's availability and the Velero server's log.`,
      test: {
        interval: '5m',
        // The last success at 0, nothing since.
        series: [series(`0x${steps(hours + 1)}`)],
        evalTime: `${hours}h`,
        labels: { ofSeries: 0 },
        // A success every 5 minutes: the series is the time of the last one.
        quiet: { series: [series(`0+300x${steps(hours + 1)}`)], evalTime: `${hours}h` },
      },
    },
  ];
}

/** The monitoring's own health: a heartbeat, its targets, its rules and its notifications. */
function metaAlerts(spec: EnvironmentSpec): AlertDefinition[] {
  const jobs = scrapeJobs(spec);
  const up = (monitor: string, values: string): ExposedSeries => ({ scrape: monitor, metric: 'up', values });
  const self = (scrape: 'prometheus' | 'alertmanager', metric: string, labels: Record<string, string>, values: string): ExposedSeries => ({ scrape, metric, labels, values });
  const alertmanagerUrl = { alertmanager: 'http://10.244.2.32:9093/api/v2/alerts' };
  const missing = 'keda-operator';
  return [
    {
      alert: 'PersonaPassWatchdog',
      group: 'meta',
      expr: 'vector(1)',
      for: '0m',
      severity: 'none',
      summary: `Always firing: the dead man's switch of ${spec.name}`,
      description: 'Routed to the dead man\'s switch only. When its pings stop, Prometheus, Alertmanager or the path between them is down.',
      test: { series: [], evalTime: '1m', labels: {} },
    },
    {
      alert: 'PersonaPassTargetDown',
      group: 'meta',
      expr: 'up == 0',
      for: '10m',
      severity: 'warning',
      summary: '{{ $labels.job }} target {{ $labels.instance }} cannot be scraped',
      description: 'Prometheus has failed to scrape {{ $labels.namespace }}/{{ $labels.pod }} for 10 minutes: alerts reading its metrics are blind.',
      test: { series: [up('keda-operator', '0x20')], evalTime: '15m', labels: { ofSeries: 0 } },
    },
    {
      alert: 'PersonaPassScrapeTargetMissing',
      group: 'meta',
      expr: jobs
        .filter((j) => j.alwaysScraped)
        .map((j) => `absent(up{job="${j.job}"})`)
        .join(' or '),
      for: '15m',
      severity: 'warning',
      summary: 'Prometheus finds no target for {{ $labels.job }}',
      description: 'A monitor selects nothing (its Service or labels changed, or the component is gone): its alerts cannot fire.',
      test: {
        series: jobs.filter((j) => j.monitor !== missing).map((j) => up(j.monitor, '1x30')),
        evalTime: '20m',
        labels: { job: jobs.find((j) => j.monitor === missing)?.job ?? missing },
        quiet: { series: jobs.map((j) => up(j.monitor, '1x30')), evalTime: '20m' },
      },
    },
    {
      alert: 'PersonaPassRuleEvaluationFailures',
      group: 'meta',
      expr: 'increase(prometheus_rule_evaluation_failures_total[5m]) > 0',
      for: '5m',
      severity: 'critical',
      summary: 'Prometheus {{ $labels.pod }} fails to evaluate rules of {{ $labels.rule_group }}',
      description: 'Alerts of that group are not being evaluated: they cannot fire.',
      test: {
        series: [self('prometheus', 'prometheus_rule_evaluation_failures_total', { rule_group: '/etc/prometheus/rules/prometheus-personapass-rulefiles-0/personapass-alerts.yaml;personapass-traffic' }, '0+1x20')],
        evalTime: '15m',
        labels: { ofSeries: 0 },
      },
    },
    {
      alert: 'PersonaPassAlertmanagerNotConnected',
      group: 'meta',
      expr: 'max_over_time(prometheus_notifications_alertmanagers_discovered[5m]) < 1',
      for: '10m',
      severity: 'critical',
      summary: 'Prometheus {{ $labels.pod }} knows no Alertmanager',
      description: 'Its alerts go nowhere; only the dead man\'s switch notices.',
      test: { series: [self('prometheus', 'prometheus_notifications_alertmanagers_discovered', {}, '0x30')], evalTime: '20m', labels: { ofSeries: 0 } },
    },
    {
      alert: 'PersonaPassAlertsNotReachingAlertmanager',
      group: 'meta',
      expr: '(rate(prometheus_notifications_errors_total[5m]) / rate(prometheus_notifications_sent_total[5m])) > 0.01',
      for: '10m',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.pod }} fails to send alerts to {{ $labels.alertmanager }}',
      description: 'More than 1% of alert deliveries from Prometheus to this Alertmanager fail.',
      test: {
        series: [
          self('prometheus', 'prometheus_notifications_errors_total', alertmanagerUrl, '0+5x30'),
          self('prometheus', 'prometheus_notifications_sent_total', alertmanagerUrl, '0+100x30'),
        ],
        evalTime: '20m',
        labels: { ofSeries: 0 },
      },
    },
    {
      alert: 'PersonaPassNotificationsFailing',
      group: 'meta',
      expr: 'sum by (namespace, pod, integration) (rate(alertmanager_notifications_failed_total[5m])) > 0',
      for: '10m',
      severity: 'critical',
      summary: 'Alertmanager {{ $labels.pod }} fails to deliver notifications to {{ $labels.integration }}',
      description: 'Alerts routed to {{ $labels.integration }} do not reach anyone: check the receiver and its credentials (Secret alertmanager-receivers).',
      test: {
        series: [self('alertmanager', 'alertmanager_notifications_failed_total', { integration: 'slack', reason: 'other' }, '0+2x30')],
        evalTime: '20m',
        labels: { namespace: namespacesOf(spec).monitoring, pod: 'alertmanager-personapass-0', integration: 'slack' },
      },
    },
    {
      alert: 'PersonaPassMonitoringConfigReloadFailed',
      group: 'meta',
      expr: '(prometheus_config_last_reload_successful == 0) or (alertmanager_config_last_reload_successful == 0)',
      for: '10m',
      severity: 'warning',
      summary: '{{ $labels.pod }} did not load its latest configuration',
      description: 'Prometheus or Alertmanager runs on an older configuration than the one deployed.',
      test: { series: [self('alertmanager', 'alertmanager_config_last_reload_successful', {}, '0x30')], evalTime: '15m', labels: { ofSeries: 0 } },
    },
  ];
}
