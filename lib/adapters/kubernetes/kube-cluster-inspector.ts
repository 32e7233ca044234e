// The reads a diagnosis makes beyond the shared watch caches: one namespace's Services,
// EndpointSlices and NetworkPolicies, and namespaces' labels, as the console's own credential,
// each under a deadline, trimmed here to what the network checks judge (no annotations, no
// managedFields). Never Secrets: the console may not read them and nothing here asks.
import type { ClusterConnection } from '@/lib/core/clusters/connection-test';
import type {
  ClusterInspector,
  ClusterInspectors,
  EndpointSliceView,
  IngressRule,
  NamespaceInspection,
  NamespaceView,
  NetworkPolicyView,
  ServiceView,
} from '@/lib/core/troubleshoot/cluster-inspection';
import type { LabelSelector } from '@/lib/core/troubleshoot/label-selector';
import { kubeAnswerError, kubeNetworkError, type KubeOperation } from './kube-errors';
import { KubeHttp, type KubeAnswer } from './kube-http';
import { PerCluster, type ConnectCluster } from './per-cluster';

const inspectTimeoutMs = 10_000;

type Json = Record<string, any>;
const items = (answer: KubeAnswer): Json[] => (Array.isArray(answer.body?.items) ? answer.body.items : []);
const strings = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(value && typeof value === 'object' ? value : {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

export class KubeClusterInspector implements ClusterInspector {
  private readonly http: KubeHttp;

  constructor(readonly connection: ClusterConnection) {
    this.http = new KubeHttp(connection, { timeoutMs: inspectTimeoutMs, connections: 4 });
  }

  async inspectNamespace(namespace: string): Promise<NamespaceInspection> {
    const ns = encodeURIComponent(namespace);
    const [view, services, slices, policies] = await Promise.all([
      this.readNamespace(namespace),
      this.list({ resource: 'services', namespace }, `/api/v1/namespaces/${ns}/services`),
      this.list({ resource: 'endpointslices', namespace }, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`),
      this.list({ resource: 'networkpolicies', namespace }, `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`),
    ]);
    return { namespace: view, services: services.map(serviceView), endpointSlices: slices.map(endpointSliceView), networkPolicies: policies.map(networkPolicyView) };
  }

  async readNamespace(namespace: string): Promise<NamespaceView | null> {
    const op: KubeOperation = { cluster: this.connection.name, verb: 'get', resource: 'namespaces', name: namespace };
    const answer = await this.send(op, `/api/v1/namespaces/${encodeURIComponent(namespace)}`, true);
    if (answer.status === 404) return null;
    return { name: namespace, labels: strings(answer.body?.metadata?.labels) };
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async list(what: { resource: string; namespace: string }, path: string): Promise<Json[]> {
    const answer = await this.send({ cluster: this.connection.name, verb: 'list', ...what }, path, false, { limit: '500' });
    return items(answer);
  }

  private async send(op: KubeOperation, path: string, allowNotFound: boolean, query?: Record<string, string>): Promise<KubeAnswer> {
    let answer: KubeAnswer;
    try {
      answer = await this.http.send('GET', path, { query });
    } catch (error) {
      throw kubeNetworkError(op, this.connection.apiServerUrl, inspectTimeoutMs, error);
    }
    if ((answer.status >= 200 && answer.status < 300) || (allowNotFound && answer.status === 404)) return answer;
    throw kubeAnswerError(op, answer);
  }
}

function serviceView(item: Json): ServiceView {
  return {
    name: String(item.metadata?.name ?? ''),
    namespace: String(item.metadata?.namespace ?? ''),
    selector: strings(item.spec?.selector),
    ports: (Array.isArray(item.spec?.ports) ? item.spec.ports : []).map((port: Json) => ({
      ...(typeof port.name === 'string' ? { name: port.name } : {}),
      port: Number(port.port),
      ...(port.targetPort !== undefined ? { targetPort: port.targetPort } : {}),
    })),
  };
}

function endpointSliceView(item: Json): EndpointSliceView {
  const endpoints: Json[] = Array.isArray(item.endpoints) ? item.endpoints : [];
  // An endpoint without conditions.ready counts as ready (the API's documented default).
  const ready = endpoints.filter((endpoint) => endpoint.conditions?.ready !== false).length;
  return {
    name: String(item.metadata?.name ?? ''),
    namespace: String(item.metadata?.namespace ?? ''),
    service: String(item.metadata?.labels?.['kubernetes.io/service-name'] ?? ''),
    ready,
    notReady: endpoints.length - ready,
  };
}

function selector(value: unknown): LabelSelector {
  const raw = (value && typeof value === 'object' ? value : {}) as Json;
  return {
    ...(raw.matchLabels ? { matchLabels: strings(raw.matchLabels) } : {}),
    ...(Array.isArray(raw.matchExpressions)
      ? { matchExpressions: raw.matchExpressions.map((r: Json) => ({ key: String(r.key), operator: r.operator, ...(Array.isArray(r.values) ? { values: r.values.map(String) } : {}) })) }
      : {}),
  };
}

function networkPolicyView(item: Json): NetworkPolicyView {
  const ingress: Json[] = Array.isArray(item.spec?.ingress) ? item.spec.ingress : [];
  return {
    name: String(item.metadata?.name ?? ''),
    namespace: String(item.metadata?.namespace ?? ''),
    podSelector: selector(item.spec?.podSelector),
    policyTypes: Array.isArray(item.spec?.policyTypes) ? item.spec.policyTypes.map(String) : [],
    ingress: ingress.map(
      (rule): IngressRule => ({
        ...(Array.isArray(rule.from)
          ? {
              from: rule.from.map((peer: Json) => ({
                ...(peer.podSelector ? { podSelector: selector(peer.podSelector) } : {}),
                ...(peer.namespaceSelector ? { namespaceSelector: selector(peer.namespaceSelector) } : {}),
                ...(peer.ipBlock ? { ipBlock: { cidr: String(peer.ipBlock.cidr), ...(Array.isArray(peer.ipBlock.except) ? { except: peer.ipBlock.except.map(String) } : {}) } } : {}),
              })),
            }
          : {}),
        ...(Array.isArray(rule.ports) ? { ports: rule.ports.map((port: Json) => ({ ...(port.protocol ? { protocol: String(port.protocol) } : {}), ...(port.port !== undefined ? { port: port.port } : {}), ...(port.endPort !== undefined ? { endPort: Number(port.endPort) } : {}) })) } : {}),
      }),
    ),
  };
}

/** One inspector (one small pool) per registered cluster, replaced when its stored address or credential changes. */
export function kubeClusterInspectors(connect: ConnectCluster): ClusterInspectors {
  const clients = new PerCluster(connect, (connection) => new KubeClusterInspector(connection));
  return { forCluster: (name) => clients.get(name) };
}
