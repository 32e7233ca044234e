import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import { componentNames, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from './kube-object';
import { runsGrafana } from './monitoring/grafana';
import { commonLabels, namespacesOf, ports } from './names';
import { clusterServices, tierDefaults } from './platform-defaults';

// Every namespace denies all traffic in both directions; each policy after that opens one path a
// component needs, named after it. Ports are container ports, as NetworkPolicy matches after DNAT.

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: 'In'; values: string[] }[] };

const byName = (...names: string[]): Selector => ({ matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: names }] });
const inNamespace = (namespace: string, podSelector?: Selector): INetworkPolicyPeer => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
  ...(podSelector ? { podSelector } : {}),
});
const tcp = (...numbers: number[]): INetworkPolicyPort[] => numbers.map((port) => ({ protocol: 'TCP', port }));
const anywhere: INetworkPolicyPeer[] = [{ ipBlock: { cidr: '0.0.0.0/0' } }];

export function renderNetworkPolicies(spec: EnvironmentSpec): KubeObject[] {
  const ns = namespacesOf(spec);
  const enabled = (name: keyof EnvironmentSpec['components']) => spec.components[name].enabled;
  const policy = (namespace: string, name: string, body: { podSelector?: Selector; ingress?: unknown[]; egress?: unknown[] }) =>
    new NetworkPolicy({
      metadata: { name, namespace, labels: commonLabels(spec, 'network-policy') },
      spec: {
        podSelector: body.podSelector ?? {},
        policyTypes: [...(body.ingress ? ['Ingress'] : []), ...(body.egress ? ['Egress'] : [])],
        ...(body.ingress ? { ingress: body.ingress } : {}),
        ...(body.egress ? { egress: body.egress } : {}),
      } as NetworkPolicy['spec'],
    });
  const prometheus = inNamespace(ns.monitoring, { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } });
  const namespaces = [ns.app, ns.tracing, ...(spec.toggles.monitoring ? [ns.monitoring] : [])];
  // The environment's own Grafana (when its spec runs one) reads Prometheus and Jaeger query.
  const ownGrafana = runsGrafana(spec) ? [inNamespace(ns.monitoring, { matchLabels: { 'app.kubernetes.io/name': 'grafana' } })] : [];

  const objects: KubeObject[] = namespaces.flatMap((namespace) => [
    policy(namespace, 'default-deny', { ingress: [], egress: [] }),
    policy(namespace, 'allow-dns', {
      egress: [
        {
          to: [inNamespace(clusterServices.dns.namespace, { matchLabels: clusterServices.dns.labels })],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        },
      ],
    }),
  ]);

  // Applications.
  const serving = ['identity-service', 'wallet-api'].filter((n) => enabled(n as 'wallet-api'));
  const redisUsers = ['wallet-api', 'credential-worker'].filter((n) => enabled(n as 'wallet-api'));
  const identityCallers = redisUsers;
  objects.push(
    policy(ns.app, 'allow-istiod', {
      egress: [{ to: [inNamespace(clusterServices.istiod.namespace, { matchLabels: clusterServices.istiod.labels })], ports: tcp(15012) }],
    }),
    policy(ns.app, 'allow-otlp-to-tracing', {
      egress: [{ to: [inNamespace(ns.tracing, byName('jaeger', 'jaeger-collector'))], ports: tcp(ports.otlpGrpc, ports.otlpHttp) }],
    }),
  );
  if (spec.toggles.monitoring) {
    objects.push(
      policy(ns.app, 'allow-prometheus-scrape', {
        ingress: [{ from: [prometheus], ports: tcp(ports.metrics, ports.redisMetrics, ports.envoyStats, ports.istioAgent) }],
      }),
    );
  }
  if (serving.length) {
    objects.push(
      policy(ns.app, 'allow-from-ingress-gateway', {
        podSelector: byName(...serving),
        ingress: [
          { from: [inNamespace(clusterServices.ingressGateway.namespace, { matchLabels: clusterServices.ingressGateway.labels })], ports: tcp(ports.http) },
        ],
      }),
    );
  }
  if (enabled('identity-service') && identityCallers.length) {
    objects.push(
      policy(ns.app, 'allow-identity-service-callers', {
        podSelector: byName('identity-service'),
        ingress: [{ from: [{ podSelector: byName(...identityCallers) }], ports: tcp(ports.http) }],
      }),
      policy(ns.app, 'allow-calls-to-identity-service', {
        podSelector: byName(...identityCallers),
        egress: [{ to: [{ podSelector: byName('identity-service') }], ports: tcp(ports.http) }],
      }),
    );
  }
  if (redisUsers.length) {
    objects.push(
      policy(ns.app, 'allow-redis-clients', {
        podSelector: byName('redis'),
        ingress: [
          { from: [{ podSelector: byName(...redisUsers) }], ports: tcp(ports.redis) },
          { from: [inNamespace(clusterServices.keda.namespace, { matchLabels: clusterServices.keda.podLabels })], ports: tcp(ports.redis) },
        ],
      }),
      policy(ns.app, 'allow-calls-to-redis', {
        podSelector: byName(...redisUsers),
        egress: [{ to: [{ podSelector: byName('redis') }], ports: tcp(ports.redis) }],
      }),
    );
  }

  // Services outside the cluster, exactly as each component's spec declares them (address blocks:
  // NetworkPolicy cannot match a host name). A sidecar's Envoy opens these connections from the pod's
  // own address, so the pod's policy is what applies.
  for (const name of componentNames.filter((n) => enabled(n))) {
    for (const dependency of spec.components[name].dependencies) {
      objects.push(
        policy(ns.app, `allow-${name}-to-${dependency.name}`, {
          podSelector: byName(name),
          egress: [{ to: dependency.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(dependency.port) }],
        }),
      );
    }
  }

  // Tracing.
  const collectors = byName('jaeger', 'jaeger-collector');
  objects.push(
    policy(ns.tracing, 'allow-otlp-from-applications', {
      podSelector: collectors,
      ingress: [{ from: [inNamespace(ns.app)], ports: tcp(ports.otlpGrpc, ports.otlpHttp) }],
    }),
    policy(ns.tracing, 'allow-query-from-grafana', {
      podSelector: byName('jaeger', 'jaeger-query'),
      ingress: [
        {
          from: [inNamespace(clusterServices.grafana.namespace), ...ownGrafana, inNamespace(clusterServices.console.namespace)],
          ports: tcp(ports.jaegerQuery),
        },
      ],
    }),
  );
  if (spec.toggles.monitoring) {
    objects.push(policy(ns.tracing, 'allow-prometheus-scrape', { ingress: [{ from: [prometheus], ports: tcp(ports.jaegerAdmin, 16687) }] }));
  }
  if (tierDefaults[spec.tier].tracing.storage === 'elasticsearch') {
    objects.push(policy(ns.tracing, 'allow-elasticsearch', { podSelector: byName('jaeger-collector', 'jaeger-query', 'jaeger-es-index-cleaner'), egress: [{ to: anywhere, ports: tcp(9200) }] }));
  }

  // Monitoring.
  if (spec.toggles.monitoring) {
    const promPods = { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } };
    const amPods = { matchLabels: { 'app.kubernetes.io/name': 'alertmanager' } };
    objects.push(
      policy(ns.monitoring, 'allow-prometheus-egress', {
        podSelector: promPods,
        egress: [
          { to: [inNamespace(ns.app)], ports: tcp(ports.metrics, ports.redisMetrics, ports.envoyStats, ports.istioAgent) },
          { to: [inNamespace(ns.tracing)], ports: tcp(ports.jaegerAdmin, 16687) },
          { to: [inNamespace(clusterServices.kubeStateMetrics.namespace, { matchLabels: clusterServices.kubeStateMetrics.labels })], ports: tcp(8080) },
          { to: [inNamespace(clusterServices.keda.namespace)], ports: tcp(8080, 9022) },
          { to: [inNamespace(clusterServices.velero.namespace, { matchLabels: clusterServices.velero.labels })], ports: tcp(clusterServices.velero.metricsPort) },
          { to: [inNamespace(clusterServices.ingressGateway.namespace, { matchLabels: clusterServices.ingressGateway.labels })], ports: tcp(ports.envoyStats) },
          // Alertmanager (alerts, and its metrics) and the Prometheus replicas themselves (self-scrape).
          { to: [{ podSelector: amPods }], ports: tcp(9093) },
          { to: [{ podSelector: promPods }], ports: tcp(9090) },
          // Kubelets (cAdvisor), node-exporter (host network) and the API server (service discovery)
          // are node addresses, not pods: no pod or namespace selector matches them.
          { to: anywhere, ports: tcp(10250, clusterServices.nodeExporter.port, 443, 6443) },
        ],
      }),
      policy(ns.monitoring, 'allow-prometheus-queries', {
        podSelector: promPods,
        ingress: [
          {
            from: [
              { podSelector: promPods },
              inNamespace(clusterServices.grafana.namespace),
              ...ownGrafana,
              inNamespace(clusterServices.keda.namespace),
              inNamespace(clusterServices.console.namespace),
            ],
            ports: tcp(9090),
          },
        ],
      }),
      policy(ns.monitoring, 'allow-alertmanager', {
        podSelector: amPods,
        ingress: [
          { from: [{ podSelector: promPods }, inNamespace(clusterServices.grafana.namespace), inNamespace(clusterServices.console.namespace)], ports: tcp(9093) },
          { from: [{ podSelector: amPods }], ports: [{ protocol: 'TCP', port: 9094 }, { protocol: 'UDP', port: 9094 }] },
        ],
        egress: [
          { to: [{ podSelector: amPods }], ports: [{ protocol: 'TCP', port: 9094 }, { protocol: 'UDP', port: 9094 }] },
          // Receivers (PagerDuty, Slack) are outside the cluster.
          { to: anywhere, ports: tcp(443) },
        ],
      }),
    );
  }
  if (runsGrafana(spec)) {
    const grafana = { matchLabels: { 'app.kubernetes.io/name': 'grafana' } };
    objects.push(
      // Only the ingress gateway reaches it (its AuthorizationPolicy says the same in the mesh).
      policy(ns.monitoring, 'allow-grafana-from-ingress-gateway', {
        podSelector: grafana,
        ingress: [
          { from: [inNamespace(clusterServices.ingressGateway.namespace, { matchLabels: clusterServices.ingressGateway.labels })], ports: tcp(ports.grafana) },
        ],
      }),
      // Its sidecar's Envoy opens the connections from the pod: the environment's Prometheus and Jaeger
      // query, and istiod for the sidecar's configuration and certificate. Nothing outside the cluster.
      policy(ns.monitoring, 'allow-grafana-egress', {
        podSelector: grafana,
        egress: [
          { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }], ports: tcp(9090) },
          { to: [inNamespace(ns.tracing, byName('jaeger', 'jaeger-query'))], ports: tcp(ports.jaegerQuery) },
          { to: [inNamespace(clusterServices.istiod.namespace, { matchLabels: clusterServices.istiod.labels })], ports: tcp(15012) },
        ],
      }),
    );
  }
  return objects;
}
