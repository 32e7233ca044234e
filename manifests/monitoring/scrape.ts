import { clusterServices } from '../platform-defaults';

// The label set Prometheus stores for a series a target exposes, worked out from a rendered
// ServiceMonitor or PodMonitor the way the Prometheus Operator configures its scrape: the target
// labels it sets (namespace, service, pod or node, container, endpoint, job, instance), then
// honor_labels (false: an exposed label that collides with a target label is kept as
// `exported_<name>`; true: the exposed label wins), then metricRelabelings. The job label is the
// value of the Service label the monitor's jobLabel names, else the Service's name. The alerts' unit tests
// feed promtool these series, so a monitor that changes what a real scrape stores (KEDA's own
// `namespace` label without honorLabels, a kubelet's without it) fails the alert that reads it.

export interface MonitorLike {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: any;
}

/** A series as one of the platform's scrape targets exposes it. */
export interface ExposedSeries {
  /** The ServiceMonitor or PodMonitor (by name) whose targets expose it. */
  scrape: string;
  metric: string;
  labels?: Record<string, string>;
  /** promtool's expanding notation, such as `0+10x30`. */
  values: string;
}

interface TargetMeta {
  namespace: string;
  service?: string;
  /** The Service's labels (where the monitor's `jobLabel` is read). */
  serviceLabels?: Record<string, string>;
  pod?: string;
  node?: string;
  container?: string;
  address: string;
}

/** A Service the platform scrapes but does not render, as the cluster's usual install makes it
 *  (its labels and port names, which the monitor must select), and one target behind it. */
export interface ClusterService {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  ports: string[];
  target: { pod?: string; node?: string; container?: string; address: string };
}

/** The Services outside the render that the platform's monitors are meant to find; the operator's
 *  governing Services of Prometheus and Alertmanager live in the monitoring namespace. */
export function clusterServiceInstalls(monitoringNamespace: string): ClusterService[] {
  return [
    // kedacore/charts keda/templates/manager/service.yaml with prometheus.operator.enabled: the
    // operator's Service has the chart's labels, not the pods' `app: keda-operator`, and its
    // `metrics` port only because Prometheus metrics are enabled.
    {
      namespace: clusterServices.keda.namespace,
      name: 'keda-operator',
      labels: {
        'app.kubernetes.io/name': 'keda-operator',
        'helm.sh/chart': 'keda-2.16.0',
        'app.kubernetes.io/component': 'operator',
        'app.kubernetes.io/managed-by': 'Helm',
        'app.kubernetes.io/instance': 'keda',
        'app.kubernetes.io/part-of': 'keda-operator',
        'app.kubernetes.io/version': '2.16.0',
      },
      ports: ['metricsservice', 'metrics'],
      target: { pod: 'keda-operator-5d8f7c9b6-hx2lq', container: 'keda-operator', address: '10.244.3.17:8080' },
    },
    // vmware-tanzu/helm-charts velero/templates/service.yaml: the server's metrics Service.
    {
      namespace: clusterServices.velero.namespace,
      name: 'velero',
      labels: { ...clusterServices.velero.labels, 'app.kubernetes.io/instance': 'velero', 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': 'velero-11.0.0' },
      ports: ['http-monitoring'],
      target: { pod: 'velero-6c8d9f7b5-k2m4p', container: 'velero', address: `10.244.3.21:${clusterServices.velero.metricsPort}` },
    },
    // kube-state-metrics' standard manifests (kubernetes/kube-state-metrics examples/standard).
    {
      namespace: clusterServices.kubeStateMetrics.namespace,
      name: 'kube-state-metrics',
      labels: { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/version': '2.13.0' },
      ports: ['http-metrics', 'telemetry'],
      target: { pod: 'kube-state-metrics-6f7c9d8b5-q4w2e', container: 'kube-state-metrics', address: '10.244.1.9:8080' },
    },
    // The operator's kubelet Service (prometheus-operator pkg/kubelet), named by its --kubelet-service
    // as kube-prometheus-stack sets it (<release>-kubelet): its endpoints are nodes, so the target has
    // `node`, no pod.
    {
      namespace: 'kube-system',
      name: 'kube-prometheus-stack-kubelet',
      labels: { 'k8s-app': 'kubelet', 'app.kubernetes.io/name': 'kubelet', 'app.kubernetes.io/managed-by': 'prometheus-operator' },
      ports: ['https-metrics', 'http-metrics', 'cadvisor'],
      target: { node: 'worker-2', address: '10.0.12.7:10250' },
    },
    // prometheus-community's prometheus-node-exporter chart (as kube-prometheus-stack installs it): a
    // DaemonSet on the host network, so its pod's address is its node's (the kubelet's worker-2).
    {
      namespace: clusterServices.nodeExporter.namespace,
      name: 'prometheus-node-exporter',
      labels: { ...clusterServices.nodeExporter.labels, 'app.kubernetes.io/instance': 'kube-prometheus-stack' },
      ports: ['http-metrics'],
      target: { pod: 'prometheus-node-exporter-x7k2m', container: 'node-exporter', address: `10.0.12.7:${clusterServices.nodeExporter.port}` },
    },
    {
      namespace: monitoringNamespace,
      name: 'prometheus-operated',
      labels: { 'operated-prometheus': 'true' },
      ports: ['web'],
      target: { pod: 'prometheus-personapass-0', container: 'prometheus', address: '10.244.2.31:9090' },
    },
    {
      namespace: monitoringNamespace,
      name: 'alertmanager-operated',
      labels: { 'operated-alertmanager': 'true' },
      ports: ['web', 'tcp-mesh', 'udp-mesh'],
      target: { pod: 'alertmanager-personapass-0', container: 'alertmanager', address: '10.244.2.32:9093' },
    },
  ];
}

type PlainLike = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any };

const contains = (labels: Record<string, string> | undefined, wanted: Record<string, string>) =>
  Object.entries(wanted).every(([k, v]) => labels?.[k] === v);

/** A Service outside the render that the ServiceMonitor selects (namespace, labels, port name). */
function clusterTarget(monitor: MonitorLike, port: string): TargetMeta | undefined {
  const namespace = monitor.metadata.namespace ?? '';
  const namespaces: string[] = monitor.spec?.namespaceSelector?.matchNames ?? [namespace];
  const service = clusterServiceInstalls(namespace).find(
    (s) => namespaces.includes(s.namespace) && contains(s.labels, monitor.spec?.selector?.matchLabels ?? {}) && s.ports.includes(port),
  );
  return service && { namespace: service.namespace, service: service.name, serviceLabels: service.labels, ...service.target };
}

/** A target of one of the platform's own Services: its first pod, the container serving the port. */
function ownTarget(objects: readonly PlainLike[], monitor: MonitorLike, port: string): TargetMeta | undefined {
  const namespace = monitor.metadata.namespace ?? '';
  const inNamespace = objects.filter((o) => o.metadata.namespace === namespace);
  const service = inNamespace.find((o) => o.kind === 'Service' && contains(o.metadata.labels, monitor.spec?.selector?.matchLabels ?? {}));
  const servicePort = service?.spec?.ports?.find((p: { name?: string }) => p.name === port);
  if (!service || !servicePort) return undefined;
  const workload = inNamespace.find((o) => o.kind === 'Deployment' && contains(o.spec?.template?.metadata?.labels, service.spec.selector ?? {}));
  const containers: Array<{ name: string; ports?: Array<{ name?: string; containerPort: number }> }> = workload?.spec?.template?.spec?.containers ?? [];
  const container = containers.find((c) => c.ports?.some((p) => p.name === servicePort.targetPort || p.containerPort === servicePort.targetPort));
  if (!workload || !container) return undefined;
  const containerPort = container.ports?.find((p) => p.name === servicePort.targetPort || p.containerPort === servicePort.targetPort)?.containerPort;
  return {
    namespace,
    service: service.metadata.name,
    serviceLabels: service.metadata.labels ?? {},
    pod: `${workload.metadata.name}-7d9f8b6c4-x2x4q`,
    container: container.name,
    address: `10.244.1.23:${containerPort}`,
  };
}

/** Target labels as the operator sets them (before honor_labels and metric relabelling). */
function targetLabels(objects: readonly PlainLike[], monitor: MonitorLike): Record<string, string> | undefined {
  if (monitor.kind === 'PodMonitor') {
    const endpoint = monitor.spec?.podMetricsEndpoints?.[0];
    // The pods' namespace is the monitor's unless it selects another (the shared ingress gateway's
    // Envoy in istio-system); the sidecars' PodMonitor finds any meshed pod, here wallet-api's.
    const namespace = monitor.metadata.namespace ?? '';
    const podNamespace: string = monitor.spec?.namespaceSelector?.matchNames?.[0] ?? namespace;
    const gateway = podNamespace === clusterServices.ingressGateway.namespace;
    return {
      namespace: podNamespace,
      pod: gateway ? 'istio-ingressgateway-7c9d8b6f5-x2k4p' : 'wallet-api-7d9f8b6c4-x2x4q',
      container: 'istio-proxy',
      endpoint: endpoint?.port ?? '',
      job: `${namespace}/${monitor.metadata.name}`,
      instance: '10.244.1.23:15090',
    };
  }
  const endpoint = monitor.spec?.endpoints?.[0];
  const meta = clusterTarget(monitor, endpoint?.port) ?? ownTarget(objects, monitor, endpoint?.port);
  if (!meta) return undefined;
  // The operator's job label: the Service's label named by jobLabel where it has one, else its name.
  const jobLabel: string | undefined = monitor.spec?.jobLabel;
  const labels: Record<string, string> = {
    namespace: meta.namespace,
    ...(meta.service ? { service: meta.service } : {}),
    ...(meta.pod ? { pod: meta.pod } : {}),
    ...(meta.node ? { node: meta.node } : {}),
    ...(meta.container ? { container: meta.container } : {}),
    endpoint: endpoint?.port ?? '',
    job: (jobLabel && meta.serviceLabels?.[jobLabel]) || meta.service || monitor.metadata.name,
    instance: meta.address,
  };
  return labels;
}

function endpointOf(monitor: MonitorLike): { honorLabels?: boolean; metricRelabelings?: Relabeling[]; relabelings?: Relabeling[] } {
  return (monitor.kind === 'PodMonitor' ? monitor.spec?.podMetricsEndpoints?.[0] : monitor.spec?.endpoints?.[0]) ?? {};
}

interface Relabeling {
  sourceLabels?: string[];
  separator?: string;
  regex?: string;
  action?: string;
}

function relabel(labels: Record<string, string>, rules: Relabeling[]): Record<string, string> | undefined {
  for (const rule of rules) {
    const action = (rule.action ?? 'replace').toLowerCase();
    if (action !== 'keep' && action !== 'drop') throw new Error(`scrape: relabelling action ${action} is not simulated`);
    const value = (rule.sourceLabels ?? []).map((name) => labels[name] ?? '').join(rule.separator ?? ';');
    const matches = new RegExp(`^(?:${rule.regex ?? '(.*)'})$`).test(value);
    if (matches !== (action === 'keep')) return undefined;
  }
  return labels;
}

/**
 * The labels (with `__name__`) Prometheus stores for a series the monitor's targets expose, or
 * undefined when nothing scrapes it: no such monitor in the render, or its relabelling drops it.
 */
export function scrapedLabels(objects: readonly PlainLike[], exposed: Pick<ExposedSeries, 'scrape' | 'metric' | 'labels'>): Record<string, string> | undefined {
  const monitor = objects.find((o) => (o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor') && o.metadata.name === exposed.scrape);
  if (!monitor) return undefined;
  const endpoint = endpointOf(monitor);
  if (endpoint.relabelings?.length) throw new Error(`scrape: ${exposed.scrape} has target relabelings, which are not simulated`);
  const target = targetLabels(objects, monitor);
  if (!target) return undefined;
  // `up` is Prometheus' own series about the target: its labels, never relabelled as samples are.
  if (exposed.metric === 'up') return { __name__: 'up', ...target };
  const own = { ...exposed.labels };
  const stored: Record<string, string> = {};
  if (endpoint.honorLabels) {
    Object.assign(stored, target, own);
  } else {
    for (const [name, value] of Object.entries(own)) {
      let key = name;
      while (target[key] !== undefined && target[key] !== '') key = `exported_${key}`;
      stored[key] = value;
    }
    Object.assign(stored, target);
  }
  return relabel({ __name__: exposed.metric, ...stored }, endpoint.metricRelabelings ?? []);
}

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** `metric{a="1",b="2"}` with the labels in name order: how promtool takes an input series. */
export function seriesText(labels: Record<string, string>): string {
  const { __name__: name, ...rest } = labels;
  const pairs = Object.keys(rest)
    .sort()
    .map((key) => `${key}=${quote(rest[key] ?? '')}`);
  return `${name ?? ''}{${pairs.join(',')}}`;
}

/** The labels an alert keeps from a series: all but the metric name. */
export function withoutName(labels: Record<string, string>): Record<string, string> {
  const { __name__: _, ...rest } = labels;
  return rest;
}
