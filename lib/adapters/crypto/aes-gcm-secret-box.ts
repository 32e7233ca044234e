import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Unavailable } from '@/lib/core/errors';
import type { SealedSecret, SecretBox } from '@/lib/core/ports';

// Layout of a ciphertext: 12-byte nonce | 16-byte tag | encrypted bytes. The key id travels beside
// it so keys can rotate: new secrets use the active key, old ones open with the key they name.
const nonceLength = 12;
const tagLength = 16;

export class AesGcmSecretBox implements SecretBox {
  constructor(
    private readonly keys: Record<string, Buffer>,
    private readonly activeKeyId: string,
  ) {
    if (!keys[activeKeyId]) throw new Error(`the active credential key ${activeKeyId} is not configured`);
  }

  seal(plaintext: string, aad: string): SealedSecret {
    const key = this.keys[this.activeKeyId]!;
    const nonce = randomBytes(nonceLength);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(aad));
    const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.activeKeyId, ciphertext: Buffer.concat([nonce, cipher.getAuthTag(), encrypted]) };
  }

  open(sealed: SealedSecret, aad: string): string {
    const key = this.keys[sealed.keyId];
    if (!key) throw new Unavailable(`credential key ${sealed.keyId} is no longer configured`);
    const nonce = sealed.ciphertext.subarray(0, nonceLength);
    const tag = sealed.ciphertext.subarray(nonceLength, nonceLength + tagLength);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.ciphertext.subarray(nonceLength + tagLength)), decipher.final()]).toString('utf8');
  }
}
