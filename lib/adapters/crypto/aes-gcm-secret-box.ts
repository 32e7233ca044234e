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
    if (!this.key(activeKeyId)) throw new Error(`the active credential key ${activeKeyId} is not configured`);
  }

  // Own keys only: a key id such as "constructor" or "toString" must not find Object's members.
  private key(keyId: string): Buffer | undefined {
    return Object.hasOwn(this.keys, keyId) ? this.keys[keyId] : undefined;
  }

  seal(plaintext: string, aad: string): SealedSecret {
    const key = this.key(this.activeKeyId)!;
    const nonce = randomBytes(nonceLength);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLength });
    cipher.setAAD(Buffer.from(aad));
    const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.activeKeyId, ciphertext: Buffer.concat([nonce, cipher.getAuthTag(), encrypted]) };
  }

  open(sealed: SealedSecret, aad: string): string {
    const key = this.key(sealed.keyId);
    if (!key) throw new Unavailable(`credential key ${sealed.keyId} is no longer configured`);
    // GCM accepts tags as short as 4 bytes; a ciphertext cut short would be checked against a
    // truncated tag, which is far easier to forge. Only the full 16-byte tag is ever accepted.
    if (sealed.ciphertext.length < nonceLength + tagLength) throw new Error('the sealed secret is too short to hold its nonce and 16-byte tag');
    const nonce = sealed.ciphertext.subarray(0, nonceLength);
    const tag = sealed.ciphertext.subarray(nonceLength, nonceLength + tagLength);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLength });
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.ciphertext.subarray(nonceLength + tagLength)), decipher.final()]).toString('utf8');
  }
}
