// Reading a component's container logs: the port the Kubernetes adapter implements, the bounds of
// a request, and which pods and containers a request may name. Pure: no I/O.
import type { ComponentName } from '../environments/environment-spec';
import { redactionMarker, type LogPod } from './log-contract';
import { redactLogLines } from './redact-log-line';

export { defaultTailLines, maxTailLines, type LogPod } from './log-contract';

/** The most bytes the API server sends for one request (its limitBytes): 1,000 lines of 256 bytes. */
export const maxLogBytes = 256 * 1024;
/** A line longer than this is cut after redaction (a JSON dump on one line). */
export const maxLineLength = 4096;
/** sinceSeconds is at most a day. */
export const maxSinceSeconds = 86_400;

/** The label that names a pod's component (the platform's render puts it on every pod template). */
export const componentLabel = 'app.kubernetes.io/name';

export type PodLogRequest = {
  namespace: string;
  pod: string;
  container: string;
  tailLines: number;
  limitBytes: number;
  timestamps: boolean;
  sinceSeconds?: number;
};

export interface PodLogSource {
  /** The container's log as the API server sends it (text, at most `limitBytes`), under a deadline. */
  readPodLog(request: PodLogRequest): Promise<string>;
  /** The pods of a namespace that carry every one of `labels`, as logPodsOf orders them (a tail's default first). */
  findPods(namespace: string, labels: Record<string, string>): Promise<LogPod[]>;
}

/** Log access by registered cluster name (credentials opened on the server only). */
export interface PodLogSources {
  forCluster(name: string): Promise<PodLogSource>;
}

type PodLike = {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec?: { containers?: unknown };
  status?: { phase?: unknown; conditions?: unknown; containerStatuses?: unknown };
};

/**
 * Whether a pod serves a log now: Running, ready (its Ready condition, else every container ready)
 * and not being deleted. Mid-rollout the new ReplicaSet's pod may still be ContainerCreating: the
 * API server would answer "waiting to start" for it.
 */
export function servesLogs(pod: PodLike): boolean {
  if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') return false;
  const conditions = Array.isArray(pod.status.conditions) ? (pod.status.conditions as Array<{ type?: unknown; status?: unknown }>) : [];
  const ready = conditions.find((condition) => condition.type === 'Ready');
  if (ready) return ready.status === 'True';
  const containers = Array.isArray(pod.status.containerStatuses) ? (pod.status.containerStatuses as Array<{ ready?: unknown }>) : [];
  return containers.length > 0 && containers.every((container) => container.ready === true);
}

/** Pods as the log view lists them: those serving a log first (the first is a tail's default), then by name. */
export function logPodsOf(objects: readonly PodLike[]): LogPod[] {
  return objects
    .map((pod) => ({
      serving: servesLogs(pod),
      pod: {
        name: pod.metadata.name,
        containers: (Array.isArray(pod.spec?.containers) ? (pod.spec.containers as Array<{ name?: unknown }>) : []).map((c) => String(c.name ?? '')).filter(Boolean),
      },
    }))
    .sort((a, b) => Number(b.serving) - Number(a.serving) || a.pod.name.localeCompare(b.pod.name))
    .map(({ pod }) => pod);
}

/** The pods of `component` among objects of one namespace (a live cache's snapshot or an API list), as logPodsOf orders them. */
export function componentPods(objects: readonly PodLike[], component: ComponentName): LogPod[] {
  return logPodsOf(objects.filter((pod) => pod.metadata.labels?.[componentLabel] === component));
}

/**
 * The container a request reads: the one named, which must be the pod's; else the one named after
 * the component (the mesh adds its sidecar beside it); else the pod's first.
 */
export function pickContainer(pod: LogPod, component: ComponentName, asked: string | undefined): string | null {
  if (asked !== undefined) return pod.containers.includes(asked) ? asked : null;
  return pod.containers.includes(component) ? component : (pod.containers[0] ?? null);
}

export type LogTail = {
  lines: string[];
  /** Secrets replaced by the marker in these lines. */
  redactions: number;
  /** The API server's byte limit was reached or a line was cut: there was more than is shown. */
  truncated: boolean;
};

/**
 * Lines read above the tail asked for: a value whose key, BEGIN line or opening quote is just above
 * the tail is recognised in them (they are redacted with the tail, then dropped).
 */
export const logContextLines = 50;

/** The request for the last `tail` lines of a container's log, with the context read above them. */
export function podLogRequest(target: { namespace: string; pod: string; container: string }, query: { tail: number; timestamps: boolean; sinceSeconds?: number }): PodLogRequest {
  return {
    ...target,
    tailLines: query.tail + logContextLines,
    // The context's lines are paid for on top of the tail's bytes.
    limitBytes: maxLogBytes + logContextLines * 256,
    timestamps: query.timestamps,
    sinceSeconds: query.sinceSeconds,
  };
}

// The API server's RFC 3339 time before each line (timestamps=true). Without it asked for, only
// the strict form is taken off (a line the application stamped itself the same way).
const askedStamp = /^\S+Z /;
const strictStamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z /;

/**
 * The API server's text (read by podLogRequest) as the last `tailLines` lines, redacted first and
 * then bounded (a cut never splits a secret in two): the whole text is redacted as one block, the
 * context above the tail included, with each line's time taken off while it is (so that a YAML
 * block's indentation is its own). When the text may begin inside a block (it filled the lines
 * asked for, reached the byte limit, or was read since a time), leading lines that look like a block's body are hidden.
 */
export function tailOfLog(text: string, options: { tailLines: number; limitBytes: number; timestamps?: boolean; sinceSeconds?: number }): LogTail {
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  const stamp = options.timestamps ? askedStamp : strictStamp;
  const stamps = raw.map((line) => stamp.exec(line)?.[0] ?? '');
  // A read the byte limit cut began at the line count asked for, and so may begin inside a block too.
  const bytesReached = new TextEncoder().encode(text).length >= options.limitBytes;
  const cutAbove = raw.length >= options.tailLines + logContextLines || options.sinceSeconds !== undefined || bytesReached;
  const redacted = redactLogLines(
    raw.map((line, i) => line.slice(stamps[i]!.length)),
    { cutAbove },
  );
  let truncated = bytesReached;
  const from = Math.max(0, raw.length - options.tailLines);
  const lines = redacted.lines.slice(from).map((body, i) => {
    const line = stamps[from + i]! + body;
    if (line.length <= maxLineLength) return line;
    truncated = true;
    // Not inside a marker: the cut shows either the whole marker or none of it.
    const at = line.lastIndexOf(redactionMarker, maxLineLength);
    const cut = at !== -1 && at + redactionMarker.length > maxLineLength ? at : maxLineLength;
    return `${line.slice(0, cut)}…`;
  });
  const redactions = redacted.perLine.slice(from).reduce((sum, n) => sum + n, 0);
  return { lines, redactions, truncated };
}
