import { ConfigMap } from 'kubernetes-models/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { grafanaUid, type PlatformDashboard } from '@/lib/core/environments/grafana-uids';
import { ratioOrZero } from '@/lib/core/metrics/metric-charts';
import type { KubeObject } from '../kube-object';
import { commonLabels, namespacesOf, ports, serviceHost } from '../names';
import { kedaHpaName } from '../autoscaling';
import { toYaml } from '../yaml-text';
import { callerRequests } from './alert-rules';

export interface Panel {
  title: string;
  expr: string;
  unit: string;
  legend: string;
  type?: 'timeseries' | 'stat';
}

/** A Grafana annotation query: a mark on every graph of the dashboard where the query has a sample. */
export interface Annotation {
  name: string;
  expr: string;
  title: string;
  text: string;
  tagKeys: string;
}

export interface DashboardDefinition {
  key: PlatformDashboard;
  uid: string;
  title: string;
  panels: Panel[];
  annotations?: Annotation[];
}

/** The five dashboards of one environment; every query names only metrics of the vocabulary. */
export function dashboardDefinitions(spec: EnvironmentSpec): DashboardDefinition[] {
  const ns = namespacesOf(spec);
  const app = ns.app;
  const all = `${ns.app}|${ns.tracing}|${ns.monitoring}`;
  const mesh = `reporter="destination",destination_workload_namespace="${app}"`;
  const rps = (extra = '') => `sum by (destination_workload) (rate(istio_requests_total{${mesh}${extra}}[5m]))`;
  // What the callers' Envoys sent each service of the namespace (the circuit breaker's 503s are theirs).
  const callerRps = (labels = '') => `sum by (destination_service_name) (rate(${callerRequests(app, labels)}[5m]))`;
  const quantile = (q: number) =>
    `histogram_quantile(${q}, sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{${mesh}}[5m])))`;
  const cpu = `sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=~"${all}",container!=""}[5m]))`;
  const memory = `sum by (pod) (container_memory_working_set_bytes{namespace=~"${all}",container!=""})`;
  const uid = (dashboard: PlatformDashboard) => grafanaUid(spec.name, dashboard);
  // node-exporter's targets are node addresses (instance `ip:port`, `[ip]:port` for IPv6); kube_pod_info
  // names the node at each address that runs one of the environment's pods. Joined, a node panel
  // shows only the environment's nodes, by name.
  const environmentNodes = `max by (host_ip, node) (kube_pod_info{namespace=~"${all}",host_ip!=""})`;
  const perNode = (expr: string, by = '') =>
    `max by (node${by}) (label_replace(${expr}, "host_ip", "$1", "instance", "\\\\[?(.+?)\\\\]?:[0-9]+") * on (host_ip) group_left (node) ${environmentNodes})`;
  // The HPA of each ScaledObject, named after it: the ScaledObject's name from the HPA's.
  const hpaPrefix = kedaHpaName('');
  const kedaHpas = (metric: string) =>
    `label_replace(${metric}, "scaledObject", "$1", "horizontalpodautoscaler", "${hpaPrefix}(.+)")`;
  const desiredReplicas = `kube_horizontalpodautoscaler_status_desired_replicas{namespace="${app}",horizontalpodautoscaler=~"${hpaPrefix}.+"}`;
  const pressure = (resource: 'cpu' | 'memory' | 'io') =>
    `label_replace(sum by (instance) (rate(node_pressure_${resource}_waiting_seconds_total[5m])), "resource", "${resource}", "", "")`;
  return [
    {
      key: 'overview',
      uid: uid('overview'),
      title: `PersonaPass ${spec.name}: cluster overview`,
      panels: [
        { title: 'Desired replicas', expr: `sum by (deployment) (kube_deployment_spec_replicas{namespace=~"${all}"})`, unit: 'short', legend: '{{deployment}}' },
        { title: 'Available replicas', expr: `sum by (deployment) (kube_deployment_status_replicas_available{namespace=~"${all}"})`, unit: 'short', legend: '{{deployment}}' },
        { title: 'Unavailable replicas', expr: `sum(kube_deployment_spec_replicas{namespace=~"${all}"}) - sum(kube_deployment_status_replicas_available{namespace=~"${all}"})`, unit: 'short', legend: 'unavailable', type: 'stat' },
        { title: 'CPU used (cores)', expr: cpu, unit: 'short', legend: '{{pod}}' },
        { title: 'Memory working set', expr: memory, unit: 'bytes', legend: '{{pod}}' },
        { title: 'CPU used / limits', expr: `sum(rate(container_cpu_usage_seconds_total{namespace=~"${all}",container!=""}[5m])) / sum(kube_pod_container_resource_limits{namespace=~"${all}",resource="cpu"})`, unit: 'percentunit', legend: 'cpu', type: 'stat' },
        { title: 'Memory used / limits', expr: `sum(container_memory_working_set_bytes{namespace=~"${all}",container!=""}) / sum(kube_pod_container_resource_limits{namespace=~"${all}",resource="memory"})`, unit: 'percentunit', legend: 'memory', type: 'stat' },
        { title: 'Container restarts (1h)', expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{namespace=~"${all}"}[1h]))`, unit: 'short', legend: '{{pod}}' },
        // The nodes the environment's pods run on (node-exporter, kube-state-metrics).
        { title: 'Node CPU used', expr: perNode('1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))'), unit: 'percentunit', legend: '{{node}}' },
        { title: 'Node memory used', expr: perNode('1 - sum by (instance) (node_memory_MemAvailable_bytes) / sum by (instance) (node_memory_MemTotal_bytes)'), unit: 'percentunit', legend: '{{node}}' },
        {
          title: 'Node pressure (share of time some task waited)',
          expr: perNode(`(${pressure('cpu')} or ${pressure('memory')} or ${pressure('io')})`, ', resource'),
          unit: 'percentunit',
          legend: '{{node}} {{resource}}',
        },
        {
          title: 'Node pressure conditions',
          expr: `max by (node, condition) (kube_node_status_condition{condition=~"MemoryPressure|DiskPressure|PIDPressure",status="true"} and on (node) kube_pod_info{namespace=~"${all}"})`,
          unit: 'short',
          legend: '{{node}} {{condition}}',
        },
      ],
    },
    {
      key: 'application',
      uid: uid('application'),
      title: `PersonaPass ${spec.name}: application metrics`,
      panels: [
        { title: 'Requests per second', expr: rps(), unit: 'reqps', legend: '{{destination_workload}}' },
        { title: '5xx ratio', expr: ratioOrZero(rps(',response_code=~"5.."'), rps()), unit: 'percentunit', legend: '{{destination_workload}}' },
        { title: 'p50 latency', expr: quantile(0.5), unit: 'ms', legend: '{{destination_workload}}' },
        { title: 'p95 latency', expr: quantile(0.95), unit: 'ms', legend: '{{destination_workload}}' },
        { title: 'p99 latency', expr: quantile(0.99), unit: 'ms', legend: '{{destination_workload}}' },
        { title: 'Responses by code', expr: `sum by (response_code) (rate(istio_requests_total{${mesh}}[5m]))`, unit: 'reqps', legend: '{{response_code}}' },
        { title: 'task_queue length', expr: `sum(redis_key_size{namespace="${app}",key="task_queue"})`, unit: 'short', legend: 'task_queue' },
        { title: 'CPU / requests', expr: `sum by (container) (rate(container_cpu_usage_seconds_total{namespace="${app}",container!=""}[5m])) / sum by (container) (kube_pod_container_resource_requests{namespace="${app}",resource="cpu"})`, unit: 'percentunit', legend: '{{container}}' },
      ],
    },
    {
      key: 'mesh',
      uid: uid('mesh'),
      title: `PersonaPass ${spec.name}: service mesh`,
      panels: [
        { title: 'Inbound requests per second', expr: rps(), unit: 'reqps', legend: '{{destination_workload}}' },
        // What the callers' Envoys (sidecars, the ingress gateway) report, by the service they called.
        { title: 'Requests sent by callers per second', expr: `sum by (destination_service_name) (rate(${callerRequests(app)}[5m]))`, unit: 'reqps', legend: '{{destination_service_name}}' },
        { title: '503 ratio (circuit breaking)', expr: ratioOrZero(callerRps('response_code="503",response_flags=~"UO|UH"'), callerRps()), unit: 'percentunit', legend: '{{destination_service_name}}' },
        { title: '503s made by callers’ Envoys, by response flag', expr: `sum by (destination_service_name, response_flags) (rate(${callerRequests(app, 'response_code="503",response_flags!="-"')}[5m]))`, unit: 'reqps', legend: '{{destination_service_name}} {{response_flags}}' },
        { title: 'Success rate', expr: ratioOrZero(rps(',response_code!~"5.."'), rps()), unit: 'percentunit', legend: '{{destination_workload}}' },
        { title: 'p99 latency', expr: quantile(0.99), unit: 'ms', legend: '{{destination_workload}}' },
      ],
    },
    {
      key: 'autoscaling',
      uid: uid('autoscaling'),
      title: `PersonaPass ${spec.name}: autoscaling`,
      panels: [
        { title: 'Replicas (desired)', expr: `sum by (deployment) (kube_deployment_spec_replicas{namespace="${app}"})`, unit: 'short', legend: '{{deployment}}' },
        { title: 'Replicas (available)', expr: `sum by (deployment) (kube_deployment_status_replicas_available{namespace="${app}"})`, unit: 'short', legend: '{{deployment}}' },
        { title: 'Scaler metric values', expr: `sum by (scaledObject, scaler) (keda_scaler_metrics_value{namespace="${app}"})`, unit: 'short', legend: '{{scaledObject}} {{scaler}}' },
        { title: 'Active scalers', expr: `sum by (scaledObject) (keda_scaler_active{namespace="${app}"})`, unit: 'short', legend: '{{scaledObject}}' },
        { title: 'Requests per second per replica', expr: `${rps()} / on (destination_workload) group_left() label_replace(sum by (deployment) (kube_deployment_status_replicas_available{namespace="${app}"}), "destination_workload", "$1", "deployment", "(.*)")`, unit: 'reqps', legend: '{{destination_workload}}' },
        { title: 'task_queue length', expr: `sum(redis_key_size{namespace="${app}",key="task_queue"})`, unit: 'short', legend: 'task_queue' },
        // Scaling events: KEDA scales through its HPA (keda-hpa-<name>), whose desired replicas follow
        // every decision, scaling to and from zero included (the HPA then reports 0).
        { title: 'Desired replicas per ScaledObject (its HPA)', expr: `max by (scaledObject) (${kedaHpas(desiredReplicas)})`, unit: 'short', legend: '{{scaledObject}}' },
        { title: 'Scaling events (desired replica changes, 5m)', expr: `sum by (scaledObject) (${kedaHpas(`changes(${desiredReplicas}[5m])`)})`, unit: 'short', legend: '{{scaledObject}}' },
        { title: 'Scaler activations and deactivations (5m)', expr: `sum by (scaledObject, scaler) (changes(keda_scaler_active{namespace="${app}"}[5m]))`, unit: 'short', legend: '{{scaledObject}} {{scaler}}' },
      ],
      annotations: [
        {
          name: 'Scaling events',
          // 1 at each step (60s) in which a ScaledObject's desired replicas changed.
          expr: `max by (scaledObject) (${kedaHpas(`clamp_max(changes(${desiredReplicas}[1m]), 1) > 0`)})`,
          title: '{{scaledObject}} scaled',
          text: 'desired replicas of {{scaledObject}} changed',
          tagKeys: 'scaledObject',
        },
      ],
    },
    {
      key: 'security',
      uid: uid('security'),
      title: `PersonaPass ${spec.name}: security monitoring`,
      panels: [
        { title: '401 Unauthorized per second', expr: rps(',response_code="401"'), unit: 'reqps', legend: '{{destination_workload}}' },
        { title: '403 Forbidden per second', expr: rps(',response_code="403"'), unit: 'reqps', legend: '{{destination_workload}}' },
        { title: 'Auth failure ratio', expr: ratioOrZero(rps(',response_code=~"401|403"'), rps()), unit: 'percentunit', legend: '{{destination_workload}}' },
        { title: '4xx ratio', expr: ratioOrZero(rps(',response_code=~"4.."'), rps()), unit: 'percentunit', legend: '{{destination_workload}}' },
        { title: 'Restarts (possible exploitation or OOM)', expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{namespace="${app}"}[15m]))`, unit: 'short', legend: '{{pod}}' },
      ],
    },
  ];
}

/** The environment's own datasources: a dashboard of one environment never reads another's data. */
export function datasources(spec: EnvironmentSpec) {
  const ns = namespacesOf(spec);
  return {
    prometheus: {
      name: `PersonaPass ${spec.name} Prometheus`,
      uid: grafanaUid(spec.name, 'prometheus'),
      type: 'prometheus',
      access: 'proxy',
      // The operator's governing Service of this environment's Prometheus replicas.
      url: `http://${serviceHost('prometheus-operated', ns.monitoring)}:9090`,
      isDefault: false,
      editable: false,
      jsonData: { timeInterval: '30s', httpMethod: 'POST' },
    },
    jaeger: {
      name: `PersonaPass ${spec.name} Jaeger`,
      uid: grafanaUid(spec.name, 'jaeger'),
      type: 'jaeger',
      access: 'proxy',
      url: `http://${serviceHost('jaeger-query', ns.tracing)}:${ports.jaegerQuery}`,
      isDefault: false,
      editable: false,
    },
  };
}

/** A panel's id in its dashboard (what Grafana's solo-panel URL names): its position, from 1. */
export const panelId = (index: number) => index + 1;

function grafanaJson(spec: EnvironmentSpec, dashboard: DashboardDefinition) {
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    tags: ['personapass', spec.name],
    timezone: 'utc',
    schemaVersion: 39,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    ...(dashboard.annotations && {
      annotations: {
        list: dashboard.annotations.map((annotation) => ({
          name: annotation.name,
          datasource: { type: 'prometheus', uid: datasources(spec).prometheus.uid },
          enable: true,
          iconColor: 'orange',
          expr: annotation.expr,
          step: '60s',
          titleFormat: annotation.title,
          textFormat: annotation.text,
          tagKeys: annotation.tagKeys,
          useValueForTime: false,
        })),
      },
    }),
    panels: dashboard.panels.map((panel, i) => ({
      id: panelId(i),
      type: panel.type ?? 'timeseries',
      title: panel.title,
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      datasource: { type: 'prometheus', uid: datasources(spec).prometheus.uid },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: [{ refId: 'A', expr: panel.expr, legendFormat: panel.legend }],
    })),
  };
}

/** Dashboards and the environment's datasources as ConfigMaps labelled for Grafana's sidecars, which
 *  write every environment's files into one folder: the file names carry the environment too. */
export function renderDashboards(spec: EnvironmentSpec): KubeObject[] {
  const namespace = namespacesOf(spec).monitoring;
  const { prometheus, jaeger } = datasources(spec);
  return [
    ...dashboardDefinitions(spec).map(
      (dashboard) =>
        new ConfigMap({
          metadata: { name: `dashboard-personapass-${dashboard.key}`, namespace, labels: { ...commonLabels(spec, 'grafana-dashboards'), grafana_dashboard: '1' } },
          data: { [`${dashboard.uid}.json`]: `${JSON.stringify(grafanaJson(spec, dashboard), null, 2)}\n` },
        }),
    ),
    new ConfigMap({
      metadata: { name: 'grafana-datasources', namespace, labels: { ...commonLabels(spec, 'grafana-datasources'), grafana_datasource: '1' } },
      data: { [`${grafanaUid(spec.name, 'datasources')}.yaml`]: toYaml({ apiVersion: 1, datasources: [prometheus, jaeger] }) },
    }),
  ];
}
