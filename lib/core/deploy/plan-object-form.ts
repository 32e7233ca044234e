import type { PlainObject } from './cluster-gateway';

// The forms of an object a plan works with: the one it sends (applied), and the one it compares
// (normalised: what the server owns and changes on every write left out on both sides).

const serverMetadata = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
// Written by controllers and clients, never by the console: a changed one is no change of ours.
const serverAnnotations = ['deployment.kubernetes.io/revision', 'kubectl.kubernetes.io/last-applied-configuration'];

/** An object as the cluster holds it, less what the server owns, for comparison and diffs. */
export function normalizeObject(object: PlainObject): PlainObject {
  const { status: _status, ...rest } = structuredClone(object);
  const metadata = rest.metadata as Record<string, unknown> & { annotations?: Record<string, string> };
  for (const field of serverMetadata) delete metadata[field];
  if (metadata.annotations) {
    for (const annotation of serverAnnotations) delete metadata.annotations[annotation];
    if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  }
  return rest as PlainObject;
}

/**
 * What is sent to the cluster. A Secret's stringData becomes data: the API server stores only data,
 * so stringData fields never compare equal to the live object, and a write-only Secret could never
 * be found unchanged (ClusterGateway.compareWriteOnly).
 */
export function appliedForm(object: PlainObject): PlainObject {
  if (object.kind !== 'Secret' || !object.stringData) return object;
  const { stringData, ...rest } = object as PlainObject & { stringData: Record<string, string>; data?: Record<string, string> };
  const data = { ...(rest.data ?? {}) };
  for (const [key, value] of Object.entries(stringData)) data[key] = base64(value);
  return { ...rest, data } as PlainObject;
}

/** Secret values never reach a plan's diff: each becomes its length and a fingerprint, enough to see that it changed. */
export function redactSecret(object: PlainObject, fingerprint: (value: string) => string): PlainObject {
  if (object.kind !== 'Secret') return object;
  const redacted = structuredClone(object) as PlainObject & { data?: Record<string, string>; stringData?: Record<string, string> };
  for (const field of ['data', 'stringData'] as const) {
    const values = redacted[field];
    if (!values) continue;
    for (const key of Object.keys(values)) values[key] = `(redacted: ${values[key]!.length} characters, ${fingerprint(values[key]!).slice(0, 12)})`;
  }
  return redacted;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
