import { type EnvironmentSpec, componentNames } from '@/lib/core/environments/environment-spec';
import { placesOneReplicaPerNode } from '@/lib/core/environments/node-capacity';
import { namespacesOf } from '../names';
import { type IstioRequest, ingressGatewayPeer, istioRequestLabels, seriesText } from './istio-scrape';
import { isAutoscaled } from '../workloads/app-workload';

export interface AlertTest {
  /** promtool input series: `metric{labels}` and expanding values such as `0+10x30`. */
  series: { series: string; values: string }[];
  evalTime: string;
  /** Labels of the one alert expected to fire at evalTime (severity is added from the definition). */
  labels: Record<string, string>;
}

export interface AlertDefinition {
  alert: string;
  group: 'traffic' | 'security' | 'workloads' | 'resources' | 'autoscaling' | 'queue';
  expr: string;
  for: string;
  severity: 'critical' | 'warning';
  summary: string;
  description: string;
  test: AlertTest;
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
export function callerRatio(namespace: string, labels: string, window: string): string {
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
  const wallet = { workload: wl, namespace: app, serviceAccount: wl, version: spec.components[wl].image.tag };
  const publicRequest = (reporter: IstioRequest['reporter'], code: string, more: Partial<IstioRequest> = {}) =>
    istioRequestLabels({
      reporter,
      source: ingressGatewayPeer,
      destination: wallet,
      code,
      job: reporter === 'source' ? `${ns.monitoring}/istio-ingressgateway` : `${app}/istio-sidecars`,
      ...more,
    });
  const reqSeries = (code: string, values: string) => ({ series: seriesText('istio_requests_total', publicRequest('destination', code)), values });
  const callerSeries = (code: string, values: string, more: Partial<IstioRequest> = {}) => ({
    series: seriesText('istio_requests_total', publicRequest('source', code, more)),
    values,
  });
  const bucket = (le: string, values: string) => ({
    series: seriesText('istio_request_duration_milliseconds_bucket', { ...publicRequest('destination', '200'), le }),
    values,
  });
  const byWorkload = { destination_workload: wl };
  const pod = { namespace: app, pod: 'wallet-api-7d9f8-abcde', container: 'wallet-api' };
  const podLabels = `namespace="${app}",pod="wallet-api-7d9f8-abcde",container="wallet-api"`;
  const deployment = (metric: string, values: string, name = wl) => ({ series: `${metric}{namespace="${app}",deployment="${name}"}`, values });
  const queue = `redis_key_size{namespace="${app}",key="task_queue"}`;
  const queueSeries = (values: string) => ({ series: `redis_key_size{namespace="${app}",key="task_queue",db="db0"}`, values });
  const queueLabels = { namespace: app, key: 'task_queue', db: 'db0' };
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
      alert: 'PersonaPassHighLatencyP99',
      group: 'traffic',
      expr: `histogram_quantile(0.99, sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{${mesh}}[5m]))) > 1000`,
      for: '10m',
      severity: 'critical',
      summary: '{{ $labels.destination_workload }} p99 latency above 1s',
      description: 'The 99th percentile of request duration on {{ $labels.destination_workload }} has exceeded 1 second for 10 minutes.',
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
        series: [deployment('kube_deployment_spec_replicas', '3x30'), deployment('kube_deployment_status_replicas_available', '2x30')],
        evalTime: '15m',
        labels: { namespace: app, deployment: wl },
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
      test: {
        series: [deployment('kube_deployment_spec_replicas', '2x20'), deployment('kube_deployment_status_replicas_available', '0x20')],
        evalTime: '10m',
        labels: { namespace: app, deployment: wl },
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
      test: { series: [{ series: `kube_pod_container_status_restarts_total{${podLabels}}`, values: '0+1x20' }], evalTime: '10m', labels: pod },
    },
    {
      alert: 'PersonaPassFrequentRestarts',
      group: 'workloads',
      expr: `increase(kube_pod_container_status_restarts_total{namespace=~"${allNs}"}[1h]) > 5`,
      for: '0m',
      severity: 'warning',
      summary: '{{ $labels.namespace }}/{{ $labels.pod }} restarted more than 5 times in an hour',
      description: 'Container {{ $labels.container }} keeps restarting, though not yet crash looping.',
      test: { series: [{ series: `kube_pod_container_status_restarts_total{${podLabels}}`, values: '0+0.2x90' }], evalTime: '70m', labels: pod },
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
          { series: `container_cpu_usage_seconds_total{${podLabels}}`, values: '0+57x40' },
          { series: `kube_pod_container_resource_limits{${podLabels},resource="cpu"}`, values: '1x40' },
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
          { series: `container_memory_working_set_bytes{${podLabels}}`, values: '950x40' },
          { series: `kube_pod_container_resource_limits{${podLabels},resource="memory"}`, values: '1000x40' },
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
      test: {
        series: [
          { series: `container_memory_working_set_bytes{${podLabels}}`, values: '990x20' },
          { series: `kube_pod_container_resource_limits{${podLabels},resource="memory"}`, values: '1000x20' },
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
          { series: `container_cpu_usage_seconds_total{${podLabels}}`, values: '0+60x60' },
          { series: `kube_pod_container_resource_requests{${podLabels},resource="cpu"}`, values: '0.5x60' },
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
          { series: `container_memory_working_set_bytes{${podLabels}}`, values: '800x60' },
          { series: `kube_pod_container_resource_requests{${podLabels},resource="memory"}`, values: '500x60' },
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
      test: { series: [queueSeries('1500x30')], evalTime: '20m', labels: queueLabels },
    },
    {
      alert: 'PersonaPassTaskQueueCritical',
      group: 'queue',
      expr: `${queue} > 10000`,
      for: '10m',
      severity: 'critical',
      summary: 'task_queue holds more than 10000 tasks',
      description: 'Credential issuance is badly delayed.',
      test: { series: [queueSeries('20000x30')], evalTime: '15m', labels: queueLabels },
    },
    {
      alert: 'PersonaPassTaskQueueNotDraining',
      group: 'queue',
      expr: `(deriv(${queue}[30m]) > 0) and (${queue} > 100)`,
      for: '30m',
      severity: 'warning',
      summary: 'task_queue has grown for 30 minutes',
      description: 'Tasks arrive faster than credential-worker completes them.',
      test: { series: [queueSeries('0+10x90')], evalTime: '70m', labels: queueLabels },
    },
    {
      alert: 'PersonaPassWorkerAbsentWithBacklog',
      group: 'queue',
      expr: `(${queue} > 0) and on() (sum(kube_deployment_status_replicas_available{namespace="${app}",deployment="credential-worker"}) == 0)`,
      for: '10m',
      severity: 'critical',
      summary: 'task_queue has work but no credential-worker is available',
      description: 'The worker did not scale up from zero, or all its pods are failing.',
      test: {
        series: [queueSeries('5x30'), deployment('kube_deployment_status_replicas_available', '0x30', 'credential-worker')],
        evalTime: '15m',
        labels: queueLabels,
      },
    },
  ];

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
          labels: { namespace: app, deployment: first },
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
          series: [{ series: 'keda_scaler_metrics_value{namespace="elsewhere",scaledObject="x"}', values: '1x30' }],
          evalTime: '20m',
          labels: { namespace: app },
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
          series: [
            { series: `keda_scaler_active{namespace="${app}",scaledObject="credential-worker",scaler="task-queue-length"}`, values: '0x30' },
            queueSeries('50x30'),
          ],
          evalTime: '15m',
          labels: { namespace: app, scaledObject: 'credential-worker', scaler: 'task-queue-length' },
        },
      });
    }
  }
  return alerts;
}
