// The ClusterGateway over one registered cluster's API server: server-side apply as the console's
// field manager (forced only when asked), reads, deletes and rollout status, each request under a
// deadline and every failure translated into the core's errors naming the cluster.
import type { ClusterConnection } from '@/lib/core/clusters/connection-test';
import { clusterRequestDeadlineMs, type ClusterGateway, type ObjectRef, type PlainObject, type RolloutStatus } from '@/lib/core/deploy/cluster-gateway';
import { consoleFieldManager } from '@/lib/core/deploy/replica-handover';
import { rolloutOf } from '@/lib/core/deploy/rollout';
import { kubeAnswerError, kubeNetworkError, type KubeOperation } from './kube-errors';
import { KubeHttp, type KubeAnswer, type KubeHttpOptions } from './kube-http';
import { KubeResources, type ResolvedResource } from './kube-resources';

export const fieldManager = consoleFieldManager;
/** The second manager of compareWriteOnly: it only ever dry-runs, so it never owns anything. */
export const compareFieldManager = 'personapass-console-compare';

const applyPatch = 'application/apply-patch+yaml';

export class KubeClusterGateway implements ClusterGateway {
  readonly cluster: string;
  private readonly http: KubeHttp;
  private readonly resources: KubeResources;

  constructor(connection: ClusterConnection, options: Partial<KubeHttpOptions> = {}) {
    this.cluster = connection.name;
    this.http = new KubeHttp(connection, { timeoutMs: options.timeoutMs ?? clusterRequestDeadlineMs, connections: options.connections ?? 16 });
    this.resources = new KubeResources((path) => this.send({ cluster: this.cluster, verb: 'discover', resource: path }, 'GET', path));
  }

  async dryRunApply(object: PlainObject, options: { force?: boolean } = {}): Promise<PlainObject> {
    return (await this.serverSideApply(object, { dryRun: true, force: options.force ?? false, manager: fieldManager })).body;
  }

  async apply(object: PlainObject, options: { force: boolean; fieldManager?: string }): Promise<PlainObject> {
    return (await this.serverSideApply(object, { dryRun: false, force: options.force, manager: options.fieldManager ?? fieldManager })).body;
  }

  async compareWriteOnly(object: PlainObject): Promise<{ exists: boolean; changedFields: string[] }> {
    try {
      const answer = await this.serverSideApply(object, { dryRun: true, force: false, manager: compareFieldManager });
      if (answer.status === 201) return { exists: false, changedFields: [] };
      return { exists: true, changedFields: fieldSetDifference(answer.body) };
    } catch (error) {
      const conflicts = (error as { details?: { conflicts?: Array<{ field: string }> } }).details?.conflicts;
      if ((error as { code?: string }).code !== 'conflict' || !conflicts) throw error;
      return { exists: true, changedFields: [...new Set(conflicts.map((c) => c.field))].sort() };
    }
  }

  async get(ref: ObjectRef): Promise<PlainObject | null> {
    const { path, op } = await this.locate(ref, 'get');
    const answer = await this.send(op, 'GET', path, {}, [404]);
    return answer.status === 404 ? null : answer.body;
  }

  async delete(ref: ObjectRef): Promise<'deleted' | 'absent'> {
    const { path, op } = await this.locate(ref, 'delete');
    const answer = await this.send(op, 'DELETE', path, { body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Foreground' } }, [404]);
    return answer.status === 404 ? 'absent' : 'deleted';
  }

  async rolloutStatus(ref: ObjectRef, options: { minReplicas?: number } = {}): Promise<RolloutStatus> {
    const deployment = await this.get(ref);
    if (!deployment) throw kubeAnswerError({ cluster: this.cluster, verb: 'get', resource: 'deployments.apps', namespace: ref.namespace, name: ref.name }, { status: 404, body: { message: 'the Deployment does not exist' } });
    const matchLabels = ((deployment.spec as { selector?: { matchLabels?: Record<string, string> } })?.selector?.matchLabels ?? {}) as Record<string, string>;
    const labelSelector = Object.entries(matchLabels).map(([key, value]) => `${key}=${value}`).join(',');
    const path = `/api/v1/namespaces/${encodeURIComponent(ref.namespace ?? '')}/pods`;
    const pods = await this.send({ cluster: this.cluster, verb: 'list', resource: 'pods', namespace: ref.namespace }, 'GET', path, { query: { labelSelector, limit: '500' } });
    return rolloutOf(deployment, (pods.body?.items ?? []) as PlainObject[], options.minReplicas);
  }

  /** Closes the connection pool (a gateway replaced after its credential changed). */
  close(): Promise<void> {
    return this.http.close();
  }

  private async serverSideApply(object: PlainObject, how: { dryRun: boolean; force: boolean; manager: string }): Promise<KubeAnswer> {
    const ref: ObjectRef = { apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name };
    const { path, op } = await this.locate(ref, 'patch');
    const query: Record<string, string> = { fieldManager: how.manager, force: String(how.force) };
    if (how.dryRun) query.dryRun = 'All';
    return this.send(op, 'PATCH', path, { query, body: object, contentType: applyPatch });
  }

  private async locate(ref: ObjectRef, verb: string): Promise<{ path: string; op: KubeOperation; resource: ResolvedResource }> {
    const resource = await this.resources.resolve(ref.apiVersion, ref.kind, this.cluster);
    const op: KubeOperation = { cluster: this.cluster, verb, resource: resource.qualifiedName, namespace: resource.namespaced ? ref.namespace : undefined, name: ref.name };
    const namespace = resource.namespaced ? `/namespaces/${encodeURIComponent(ref.namespace ?? '')}` : '';
    return { path: `${resource.basePath}${namespace}/${resource.name}/${encodeURIComponent(ref.name)}`, op, resource };
  }

  private async send(op: KubeOperation, method: 'GET' | 'PATCH' | 'DELETE', path: string, init: Parameters<KubeHttp['send']>[2] = {}, accepted: number[] = []): Promise<KubeAnswer> {
    let answer: KubeAnswer;
    try {
      answer = await this.http.send(method, path, init);
    } catch (error) {
      throw kubeNetworkError(op, this.http.connection.apiServerUrl, this.http.options.timeoutMs, error);
    }
    if ((answer.status >= 200 && answer.status < 300) || accepted.includes(answer.status)) return answer;
    throw kubeAnswerError(op, answer);
  }
}

type ManagedFieldsEntry = { manager?: string; operation?: string; fieldsV1?: Record<string, unknown> };

/** Leaf paths one field set has and the other lacks: the console's set against the comparing manager's. */
function fieldSetDifference(object: PlainObject): string[] {
  const entries = ((object.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? []).filter((entry) => entry.operation === 'Apply');
  const leaves = (manager: string) => new Set(flattenFieldSet(entries.find((entry) => entry.manager === manager)?.fieldsV1 ?? {}));
  const console = leaves(fieldManager);
  const compared = leaves(compareFieldManager);
  return [...[...console].filter((path) => !compared.has(path)), ...[...compared].filter((path) => !console.has(path))].sort();
}

/** FieldsV1 (`{"f:data":{"f:a":{}}}`) → `.data.a`; list items keyed `k:`/`v:` keep their key. */
function flattenFieldSet(set: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(set).flatMap(([key, child]) => {
    if (key === '.') return [];
    const path = `${prefix}${key.startsWith('f:') ? `.${key.slice(2)}` : `[${key}]`}`;
    const children = child && typeof child === 'object' ? Object.keys(child).filter((k) => k !== '.') : [];
    return children.length === 0 ? [path] : flattenFieldSet(child as Record<string, unknown>, path);
  });
}
