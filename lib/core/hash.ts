import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Content hash of any JSON value, independent of key order. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
