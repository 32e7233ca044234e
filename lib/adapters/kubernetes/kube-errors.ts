// What the API server (or the way to it) says, in the core's error vocabulary, always naming the
// cluster: 403 → Forbidden naming the verb and resource, a server-side apply field conflict →
// Conflict with the field paths and their managers, 422 → InvalidInput with the server's causes,
// unreachable, 5xx, 429 and timeouts → Unavailable.
import { Conflict, DomainError, Forbidden, InvalidInput, NotFound, Unavailable } from '@/lib/core/errors';
import type { KubeAnswer } from './kube-http';

export type KubeOperation = {
  cluster: string;
  verb: string;
  /** `deployments.apps`, `configmaps` */
  resource: string;
  namespace?: string;
  name?: string;
};

type Status = { message?: string; reason?: string; details?: { causes?: Array<{ reason?: string; message?: string; field?: string }> } };

export type FieldConflict = { field: string; manager: string };

const where = (op: KubeOperation) => [op.resource, op.namespace && `in namespace ${op.namespace}`, op.name && `named ${op.name}`].filter(Boolean).join(' ');

/** An answer that is not 2xx (404 is the caller's to interpret first). */
export function kubeAnswerError(op: KubeOperation, answer: KubeAnswer): DomainError {
  const status: Status = typeof answer.body === 'object' && answer.body ? answer.body : { message: String(answer.body ?? '').slice(0, 300) };
  const said = status.message ?? status.reason ?? `HTTP ${answer.status}`;
  const details = { cluster: op.cluster, verb: op.verb, resource: op.resource, namespace: op.namespace ?? null, name: op.name ?? null };
  switch (answer.status) {
    case 401:
      return new Forbidden(`cluster ${op.cluster} refused the console's credential (401 Unauthorized): renew it on the Clusters page`, details);
    case 403:
      return new Forbidden(`cluster ${op.cluster} does not let the console ${op.verb} ${where(op)} (403): ${said}`, details);
    case 404:
      return new NotFound(`cluster ${op.cluster} has no ${where(op)}: ${said}`, details);
    case 409: {
      const conflicts = fieldConflicts(status);
      if (conflicts.length > 0) {
        const list = conflicts.map((c) => `${c.field} (owned by ${c.manager})`).join(', ');
        return new Conflict(`on cluster ${op.cluster}, ${where(op)} has fields another manager owns: ${list}; plan again after they are settled, or an admin forces the apply`, { ...details, conflicts });
      }
      return new Conflict(`cluster ${op.cluster} refused to ${op.verb} ${where(op)}: ${said}`, details);
    }
    case 400:
    case 415:
    case 422: {
      const issues = (status.details?.causes ?? []).map((cause) => ({ path: cause.field?.replace(/^\./, '') || '(object)', message: cause.message ?? cause.reason ?? said }));
      return new InvalidInput(`cluster ${op.cluster} refused ${where(op)} as invalid: ${said}`, issues.length ? issues : [{ path: '(object)', message: said }]);
    }
    default: {
      // Server-side apply answers 500 when the object does not fit the kind's schema (an unknown
      // field, a number where a string goes): the object is at fault, not the server.
      const typed = /failed to create typed patch object \([^)]*\): (\.[^:]+): (.*)$/.exec(said);
      if (answer.status === 500 && typed) return new InvalidInput(`cluster ${op.cluster} refused ${where(op)} as invalid: ${said}`, [{ path: typed[1]!.replace(/^\./, ''), message: typed[2]! }]);
      return new Unavailable(`cluster ${op.cluster} answered ${answer.status} to ${op.verb} ${where(op)}: ${said}`, details);
    }
  }
}

/** `conflict with "kubectl" using apps/v1` → the manager; field as the server names it (`.spec.replicas`). */
function fieldConflicts(status: Status): FieldConflict[] {
  return (status.details?.causes ?? [])
    .filter((cause) => cause.reason === 'FieldManagerConflict')
    .map((cause) => ({ field: cause.field ?? '(unknown)', manager: /conflict with "([^"]*)"/.exec(cause.message ?? '')?.[1] ?? '(unknown)' }));
}

/** A request that got no answer: refused connection, TLS failure, deadline. */
export function kubeNetworkError(op: KubeOperation, apiServerUrl: string, timeoutMs: number, error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const cause = rootCause(error);
  const at = `cluster ${op.cluster} at ${apiServerUrl}`;
  if (cause.name === 'TimeoutError' || cause.name === 'AbortError' || /TIMEOUT/.test(cause.code ?? '')) {
    return new Unavailable(`${at} did not answer ${op.verb} ${where(op)} within ${timeoutMs / 1000}s`, { cluster: op.cluster });
  }
  return new Unavailable(`${at} is unreachable (${cause.code ?? cause.message ?? 'connection failed'})`, { cluster: op.cluster });
}

type ErrorLike = { name?: string; code?: string; message?: string; cause?: unknown };

/** fetch wraps the network error ("fetch failed"); the innermost cause names what really happened. */
export function rootCause(error: unknown): ErrorLike {
  let current = error as ErrorLike;
  while (current?.cause && typeof current.cause === 'object') current = current.cause as ErrorLike;
  return current ?? {};
}
