// Container logs through the API server's pods/log subresource, as the console's own credential,
// each request under its deadline. The namespace, pod and container are the use case's, checked
// against the component's pods before a log is asked for; this adapter only encodes them.
import type { ClusterConnection } from '@/lib/core/clusters/connection-test';
import { logPodsOf, type LogPod, type PodLogRequest, type PodLogSource, type PodLogSources } from '@/lib/core/logs/pod-logs';
import { Unavailable } from '@/lib/core/errors';
import { Semaphore, SemaphoreFull } from '../observability/semaphore';
import { SharedCache } from '../observability/shared-cache';
import { kubeAnswerError, kubeNetworkError, type KubeOperation } from './kube-errors';
import { KubeHttp, type KubeAnswer, type KubeRequestInit } from './kube-http';
import { PerCluster, type ConnectCluster } from './per-cluster';

/** A log read waits for the kubelet behind the API server: shorter than a deploy's requests. */
export const podLogTimeoutMs = 10_000;
/** Operators following the same pod share one read for this long (a follow re-reads every few seconds). */
const sharedForMs = 2_000;
/** Reads in flight per cluster; the rest wait their turn. Also the connections kept open. */
const concurrentReads = 4;
/** Reads waiting for one of those; more are refused at once as "busy" (503). */
export const maxWaitingReads = 16;

export class KubePodLogs implements PodLogSource {
  private readonly http: KubeHttp;
  private readonly slots = new Semaphore(concurrentReads, maxWaitingReads);
  // At most 32 answers of at most 256 KiB each, for 2 s.
  private readonly recent = new SharedCache<string>(sharedForMs, 32);

  constructor(
    readonly connection: ClusterConnection,
    options: { timeoutMs?: number } = {},
  ) {
    this.http = new KubeHttp(connection, { timeoutMs: options.timeoutMs ?? podLogTimeoutMs, connections: concurrentReads });
  }

  /**
   * The deadline starts when the read is asked for, not when a slot frees: a read waiting its turn
   * behind a slow kubelet fails with the others at its deadline, and a full line is refused at once.
   * (The route's own abort signal is not passed on: operators following the same pod share a read.)
   */
  readPodLog(request: PodLogRequest): Promise<string> {
    return this.recent.get(JSON.stringify(request), async () => {
      const deadline = AbortSignal.timeout(this.timeoutMs);
      const op = this.logOperation(request);
      let started = false;
      try {
        return await this.slots.run(
          () => {
            started = true;
            return this.readOnce(request, deadline);
          },
          { signal: deadline },
        );
      } catch (error) {
        if (error instanceof SemaphoreFull) throw new Unavailable(`cluster ${op.cluster} is busy: ${error.waiting} log reads are waiting their turn; try again shortly`, { cluster: op.cluster });
        if (!started) throw new Unavailable(`cluster ${op.cluster} is busy: the log read waited ${this.timeoutMs / 1000}s for one of the ${concurrentReads} reads in flight`, { cluster: op.cluster });
        throw error;
      }
    });
  }

  private get timeoutMs(): number {
    return this.http.options.timeoutMs;
  }

  private logOperation(request: PodLogRequest): KubeOperation {
    return { cluster: this.connection.name, verb: 'get', resource: 'pods/log', namespace: request.namespace, name: request.pod };
  }

  private async readOnce(request: PodLogRequest, signal: AbortSignal): Promise<string> {
    const query: Record<string, string> = {
      container: request.container,
      tailLines: String(request.tailLines),
      limitBytes: String(request.limitBytes),
      timestamps: String(request.timestamps),
    };
    if (request.sinceSeconds !== undefined) query.sinceSeconds = String(request.sinceSeconds);
    const path = `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/log`;
    const answer = await this.send(this.logOperation(request), path, { query, accept: 'text/plain, */*', signal });
    return typeof answer.body === 'string' ? answer.body : '';
  }

  async findPods(namespace: string, labels: Record<string, string>): Promise<LogPod[]> {
    const labelSelector = Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(',');
    const op: KubeOperation = { cluster: this.connection.name, verb: 'list', resource: 'pods', namespace };
    const answer = await this.send(op, `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, { query: { labelSelector, limit: '500' } });
    return logPodsOf((answer.body?.items ?? []) as Parameters<typeof logPodsOf>[0]);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async send(op: KubeOperation, path: string, init: KubeRequestInit): Promise<KubeAnswer> {
    let answer: KubeAnswer;
    try {
      answer = await this.http.send('GET', path, init);
    } catch (error) {
      throw kubeNetworkError(op, this.connection.apiServerUrl, this.http.options.timeoutMs, error);
    }
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw kubeAnswerError(op, answer);
  }
}

/** One KubePodLogs per registered cluster, replaced when its stored address or credential changes, as the deploy engine's gateways are. */
export class KubePodLogSources implements PodLogSources {
  private readonly clients: PerCluster<KubePodLogs>;

  constructor(connect: ConnectCluster) {
    this.clients = new PerCluster(connect, (connection) => new KubePodLogs(connection));
  }

  forCluster(name: string): Promise<PodLogSource> {
    return this.clients.get(name);
  }
}
