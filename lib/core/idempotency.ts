// The port behind Idempotency-Key (lib/server/http/idempotency.ts): one remembered answer per
// caller, operation and key.

export type IdempotencyClaim =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

export type IdempotencyRef = { userId: string; route: string; key: string };

export interface IdempotencyStore {
  /** Claims the key for a request with this hash, or says what became of the earlier one. */
  claim(ref: IdempotencyRef, requestHash: string): Promise<IdempotencyClaim>;
  complete(ref: IdempotencyRef, status: number, body: unknown): Promise<void>;
  release(ref: IdempotencyRef): Promise<void>;
}
