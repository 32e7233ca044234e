// The readiness report's reads of one cluster, as the console's own credential: /version, Nodes,
// discovery documents of the custom API groups, a SelfSubjectRulesReview per namespace,
// StorageClasses and the platform's Namespaces. Each read has its own deadline and speaks the core's
// errors, so one that fails (refused, slow, not served) fails only its check.
import type { ClusterConnection } from '@/lib/core/clusters/connection-test';
import type { PolicyRule, RulesReview } from '@/lib/core/setup/console-rights';
import { zoneLabel, type NodeFacts } from '@/lib/core/setup/node-check';
import type { ClusterReadinessReader, ClusterReadinessReaders } from '@/lib/core/setup/readiness-reader';
import type { StorageClassFacts } from '@/lib/core/setup/storage-check';
import { kubeAnswerError, kubeNetworkError, type KubeOperation } from './kube-errors';
import { KubeHttp, type KubeAnswer } from './kube-http';

/** One read of a readiness report; the report asks about twenty at once. */
export const readinessReadTimeoutMs = 10_000;

type Item<T> = { metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> } } & T;

export class KubeClusterReadiness implements ClusterReadinessReader {
  private readonly http: KubeHttp;

  constructor(
    private readonly connection: ClusterConnection,
    options: { timeoutMs?: number } = {},
  ) {
    this.http = new KubeHttp(connection, { timeoutMs: options.timeoutMs ?? readinessReadTimeoutMs, connections: 8 });
  }

  async serverVersion(): Promise<string> {
    const answer = await this.get({ verb: 'get', resource: 'version' }, '/version');
    return String(answer.body?.gitVersion ?? '');
  }

  async nodes(): Promise<NodeFacts[]> {
    const items = await this.list<{ spec?: { unschedulable?: boolean; taints?: Array<{ key: string; effect: string }> }; status?: { conditions?: Array<{ type: string; status: string }> } }>({ verb: 'list', resource: 'nodes' }, '/api/v1/nodes');
    return items.map((node) => ({
      name: node.metadata?.name ?? '',
      ready: node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false,
      zone: node.metadata?.labels?.[zoneLabel] ?? null,
      unschedulable: node.spec?.unschedulable === true,
      tainted: node.spec?.taints?.filter((taint) => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute').map((taint) => `${taint.key}:${taint.effect}`).join(', ') || undefined,
    }));
  }

  async servedKinds(groupVersion: string): Promise<string[] | null> {
    const path = groupVersion.includes('/') ? `/apis/${groupVersion}` : `/api/${groupVersion}`;
    const answer = await this.get({ verb: 'discover', resource: groupVersion }, path, [404]);
    if (answer.status === 404) return null;
    const resources = (answer.body?.resources ?? []) as Array<{ name: string; kind: string }>;
    return [...new Set(resources.filter((resource) => !resource.name.includes('/')).map((resource) => resource.kind))];
  }

  async rulesReview(namespace: string): Promise<RulesReview> {
    const op = { verb: 'create', resource: 'selfsubjectrulesreviews.authorization.k8s.io', namespace };
    const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } };
    const answer = await this.send(op, () => this.http.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { body }));
    const status = answer.body?.status ?? {};
    return { rules: (status.resourceRules ?? []) as PolicyRule[], incomplete: status.incomplete === true, ...(status.evaluationError ? { evaluationError: String(status.evaluationError) } : {}) };
  }

  async storageClasses(): Promise<StorageClassFacts[]> {
    const items = await this.list<{ provisioner?: string }>({ verb: 'list', resource: 'storageclasses.storage.k8s.io' }, '/apis/storage.k8s.io/v1/storageclasses');
    return items.map((item) => ({ name: item.metadata?.name ?? '', provisioner: item.provisioner ?? '', annotations: item.metadata?.annotations ?? {} }));
  }

  async namespaceLabels(name: string): Promise<Record<string, string> | null> {
    const answer = await this.get({ verb: 'get', resource: 'namespaces', name }, `/api/v1/namespaces/${encodeURIComponent(name)}`, [404]);
    return answer.status === 404 ? null : (answer.body?.metadata?.labels ?? {});
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async list<T>(op: Omit<KubeOperation, 'cluster'>, path: string): Promise<Array<Item<T>>> {
    const items: Array<Item<T>> = [];
    for (let token: string | undefined; ; ) {
      const answer = await this.get(op, path, [], { limit: '500', ...(token ? { continue: token } : {}) });
      items.push(...((answer.body?.items ?? []) as Array<Item<T>>));
      token = answer.body?.metadata?.continue || undefined;
      if (!token) return items;
    }
  }

  private get(op: Omit<KubeOperation, 'cluster'>, path: string, accepted: number[] = [], query?: Record<string, string>): Promise<KubeAnswer> {
    return this.send(op, () => this.http.send('GET', path, { query }), accepted);
  }

  private async send(op: Omit<KubeOperation, 'cluster'>, call: () => Promise<KubeAnswer>, accepted: number[] = []): Promise<KubeAnswer> {
    const operation = { ...op, cluster: this.connection.name };
    let answer: KubeAnswer;
    try {
      answer = await call();
    } catch (error) {
      throw kubeNetworkError(operation, this.connection.apiServerUrl, this.http.options.timeoutMs, error);
    }
    if ((answer.status >= 200 && answer.status < 300) || accepted.includes(answer.status)) return answer;
    throw kubeAnswerError(operation, answer);
  }
}

/** A reader per report over the registered cluster's stored connection (closed by the caller when the report is done). */
export class KubeClusterReadinessReaders implements ClusterReadinessReaders {
  constructor(private readonly connections: (name: string) => Promise<{ connection: ClusterConnection }>) {}

  async forCluster(name: string): Promise<ClusterReadinessReader> {
    return new KubeClusterReadiness((await this.connections(name)).connection);
  }
}
