import { canonicalJson } from '../canonical-json';
import { InvalidInput } from '../errors';

// Every revision keeps its whole spec forever and every plan re-reads it, so a spec has a size
// bound of its own, measured on the canonical JSON that is stored and hashed. It is a rule about
// the revision, not about the request (a clone has no request body holding the spec), so it is
// refused as invalid input at the path `spec`, not as 413: the 1 MB body limit stays the edge's.
export const maxSpecBytes = 256 * 1024;

export function specByteLength(spec: unknown): number {
  return new TextEncoder().encode(canonicalJson(spec)).byteLength;
}

/** Throws InvalidInput (path `spec`) when the spec's canonical JSON is larger than 256 KB. */
export function assertSpecWithinSize(spec: unknown): void {
  const bytes = specByteLength(spec);
  if (bytes > maxSpecBytes) {
    const message = `must be at most ${maxSpecBytes} bytes (256 KB) as canonical JSON; it is ${bytes} bytes`;
    throw new InvalidInput(`the spec is too large: ${message}`, [{ path: 'spec', message }]);
  }
}
