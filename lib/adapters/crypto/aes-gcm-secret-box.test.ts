import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { errorCode } from '@/lib/core/errors';
import { AesGcmSecretBox } from './aes-gcm-secret-box';

const keys = { old: randomBytes(32), current: randomBytes(32) };

describe('AesGcmSecretBox', () => {
  it('round-trips and never stores the plaintext', () => {
    const box = new AesGcmSecretBox(keys, 'current');
    const sealed = box.seal('token-abc-123', 'cluster:prod');
    expect(sealed.keyId).toBe('current');
    expect(sealed.ciphertext.includes(Buffer.from('token-abc-123'))).toBe(false);
    expect(box.open(sealed, 'cluster:prod')).toBe('token-abc-123');
  });

  it('uses a fresh nonce each time', () => {
    const box = new AesGcmSecretBox(keys, 'current');
    expect(box.seal('same', 'a').ciphertext.equals(box.seal('same', 'a').ciphertext)).toBe(false);
  });

  it('refuses tampered ciphertext and a ciphertext moved to another owner', () => {
    const box = new AesGcmSecretBox(keys, 'current');
    const sealed = box.seal('secret', 'cluster:prod');
    const tampered = Buffer.from(sealed.ciphertext);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => box.open({ ...sealed, ciphertext: tampered }, 'cluster:prod')).toThrow();
    expect(() => box.open(sealed, 'cluster:dev')).toThrow();
  });

  it('opens secrets sealed under a rotated-out key while sealing new ones with the active key', () => {
    const before = new AesGcmSecretBox(keys, 'old').seal('legacy', 'x');
    const after = new AesGcmSecretBox(keys, 'current');
    expect(after.open(before, 'x')).toBe('legacy');
    expect(after.seal('new', 'x').keyId).toBe('current');
  });

  it('accepts only the full 16-byte tag: a ciphertext cut to a shorter, correct tag prefix is refused', () => {
    const box = new AesGcmSecretBox(keys, 'current');
    const sealed = box.seal('', 'cluster:prod');
    expect(sealed.ciphertext).toHaveLength(12 + 16);
    expect(box.open(sealed, 'cluster:prod')).toBe('');
    for (const tagBytes of [4, 8, 12, 15]) {
      const truncated = { ...sealed, ciphertext: sealed.ciphertext.subarray(0, 12 + tagBytes) };
      expect(() => box.open(truncated, 'cluster:prod')).toThrow(/16-byte tag/);
    }
  });

  it('finds only its own keys, never members every object inherits', () => {
    expect(() => new AesGcmSecretBox(keys, 'toString')).toThrow(/not configured/);
    expect(() => new AesGcmSecretBox(keys, 'constructor')).toThrow(/not configured/);
    const box = new AesGcmSecretBox(keys, 'current');
    const sealed = box.seal('secret', 'x');
    for (const keyId of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(errorCode(catchError(() => box.open({ ...sealed, keyId }, 'x')))).toBe('unavailable');
    }
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

