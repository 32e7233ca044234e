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
  /** The pods of a namespace that carry every one of `labels`. */
  findPods(namespace: string, labels: Record<string, string>): Promise<LogPod[]>;
}

/** Log access by registered cluster name (credentials opened on the server only). */
export interface PodLogSources {
  forCluster(name: string): Promise<PodLogSource>;
}

type PodLike = { metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: { containers?: unknown } };

/** The pods of `component` among objects of one namespace (a live cache's snapshot or an API list). */
export function componentPods(objects: readonly PodLike[], component: ComponentName): LogPod[] {
  return objects
    .filter((pod) => pod.metadata.labels?.[componentLabel] === component)
    .map((pod) => ({
      name: pod.metadata.name,
      containers: (Array.isArray(pod.spec?.containers) ? (pod.spec.containers as Array<{ name?: unknown }>) : []).map((c) => String(c.name ?? '')).filter(Boolean),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
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

/** The API server's text as lines, redacted first and then bounded (a cut never splits a secret in two). */
export function tailOfLog(text: string, options: { tailLines: number; limitBytes: number }): LogTail {
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  const redacted = redactLogLines(raw);
  let truncated = new TextEncoder().encode(text).length >= options.limitBytes;
  const lines = redacted.lines.slice(-options.tailLines).map((line) => {
    if (line.length <= maxLineLength) return line;
    truncated = true;
    // Not inside a marker: the cut shows either the whole marker or none of it.
    const at = line.lastIndexOf(redactionMarker, maxLineLength);
    const cut = at !== -1 && at + redactionMarker.length > maxLineLength ? at : maxLineLength;
    return `${line.slice(0, cut)}…`;
  });
  return { lines, redactions: redacted.redactions, truncated };
}
