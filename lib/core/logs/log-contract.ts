// What the log route answers and what the browser needs to read it, with no runtime dependency:
// the log view imports this module, not the redaction or the port.

/** What replaces a secret in a log line; the log view highlights it. */
export const redactionMarker = '[redacted]';

/** The most lines one request reads (the API's tailLines), and the default. */
export const maxTailLines = 1000;
export const defaultTailLines = 200;

/** A pod as the log view needs it: its name and its containers' names. */
export type LogPod = { name: string; containers: string[] };

/** GET /api/v1/environments/{name}/components/{component}/logs */
export type ComponentLogs = {
  environment: string;
  component: string;
  /** The component's pods now, for the pickers. */
  pods: LogPod[];
  /** The pod and container read; null when the component has no pod. */
  pod: string | null;
  container: string | null;
  tail: number;
  /** Redacted on the server: a secret never leaves it. */
  lines: string[];
  /** Values replaced with the marker in these lines. */
  redactions: number;
  /** The byte limit was reached or a line was cut: there was more than is shown. */
  truncated: boolean;
  readAt: string;
};
