import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { BackupRefused } from './backup-refused';

// The console's backup file: a signed header, then a pg_dump (custom format) encrypted with
// AES-256-GCM in chunks, so neither writing nor reading ever holds the whole dump in memory.
//
//   "PPBACKUP" | u32 header length | header JSON | HMAC-SHA256 of everything before (32 bytes) | body
//
// The body is chunk after chunk, each `chunkSize` plaintext bytes (the last one shorter) encrypted
// and followed by its 16-byte GCM tag. Each file has a random salt; HKDF turns the backup key and
// the salt into the file's own data key and header-MAC key, so a nonce is simply the chunk's index
// and no two files share a key. The chunk's AAD says whether it is the last one: a file cut at a
// chunk boundary does not authenticate. The header carries the body's SHA-256 as well, so a copy can
// be checked without the key (`sha256sum` of the body), and the header MAC binds every header field
// (migration level, sizes) to the key.

export const backupMagic = Buffer.from('PPBACKUP', 'ascii');
export const backupFormatVersion = 1;
export const defaultChunkSize = 1024 * 1024;
const tagLength = 16;
const macLength = 32;
const maxHeaderLength = 4096;

const headerSchema = z.strictObject({
  formatVersion: z.literal(backupFormatVersion),
  keyId: z.string().min(1).max(100),
  createdAt: z.iso.datetime(),
  /** The newest migration applied to the database when it was dumped (prisma/migrations/NAME). */
  migration: z.string().regex(/^\d{14}_[a-z0-9_]+$/),
  /** The server the dump came from (pg_restore must be at least as new). */
  postgresVersion: z.string().max(100),
  salt: z.base64().refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes'),
  chunkSize: z.number().int().min(1024).max(64 * 1024 * 1024),
  /** The dump's size (plaintext). */
  dumpBytes: z.number().int().min(0),
  /** The encrypted body's size and SHA-256 (hex). */
  bodyBytes: z.number().int().min(0),
  bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export type BackupHeader = z.infer<typeof headerSchema>;
export type BackupFacts = Pick<BackupHeader, 'migration' | 'postgresVersion'> & { createdAt: Date };
export type BackupKeys = { keys: Record<string, Buffer>; activeKeyId: string };

function fileKeys(key: Buffer, salt: Buffer): { data: Buffer; mac: Buffer } {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', key, salt, `personapass-backup v1 ${purpose}`, 32));
  return { data: derive('data'), mac: derive('header') };
}

function nonce(index: number): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeBigUInt64BE(BigInt(index), 4);
  return bytes;
}

const finalFlag = (final: boolean) => Buffer.from([final ? 1 : 0]);

export function chunkCount(dumpBytes: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(dumpBytes / chunkSize));
}

/**
 * Encrypts a dump as it streams past. `body` yields the encrypted body; once it is exhausted,
 * `header()` returns the signed header that goes in front of it.
 */
export function createBackupWriter(backupKeys: BackupKeys, options: { chunkSize?: number } = {}) {
  const keyId = backupKeys.activeKeyId;
  const key = ownKey(backupKeys.keys, keyId);
  if (!key) throw new Error(`the active backup key ${keyId} is not configured`);
  const chunkSize = options.chunkSize ?? defaultChunkSize;
  const salt = randomBytes(32);
  const keys = fileKeys(key, salt);
  const sha = createHash('sha256');
  let dumpBytes = 0;
  let bodyBytes = 0;
  let done = false;

  function seal(plain: Buffer, index: number, final: boolean): Buffer {
    const cipher = createCipheriv('aes-256-gcm', keys.data, nonce(index), { authTagLength: tagLength });
    cipher.setAAD(finalFlag(final));
    const sealed = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    sha.update(sealed);
    bodyBytes += sealed.length;
    return sealed;
  }

  async function* body(dump: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let index = 0;
    for await (const piece of dump) {
      pending.push(Buffer.from(piece));
      pendingBytes += piece.length;
      dumpBytes += piece.length;
      // A full chunk is sealed only once more bytes follow: the last chunk must know it is last.
      while (pendingBytes > chunkSize) {
        const joined = Buffer.concat(pending);
        yield seal(joined.subarray(0, chunkSize), index++, false);
        pending = [joined.subarray(chunkSize)];
        pendingBytes = joined.length - chunkSize;
      }
    }
    yield seal(Buffer.concat(pending), index, true);
    done = true;
  }

  function header(facts: BackupFacts): Buffer {
    if (!done) throw new Error('the backup body has not been written to its end');
    const fields: BackupHeader = {
      formatVersion: backupFormatVersion,
      keyId,
      createdAt: facts.createdAt.toISOString(),
      migration: facts.migration,
      postgresVersion: facts.postgresVersion,
      salt: salt.toString('base64'),
      chunkSize,
      dumpBytes,
      bodyBytes,
      bodySha256: sha.digest('hex'),
    };
    const json = Buffer.from(JSON.stringify(headerSchema.parse(fields)), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(json.length);
    const signed = Buffer.concat([backupMagic, length, json]);
    return Buffer.concat([signed, createHmac('sha256', keys.mac).update(signed).digest()]);
  }

  return { body, header, keyId };
}

function ownKey(keys: Record<string, Buffer>, keyId: string): Buffer | undefined {
  return Object.hasOwn(keys, keyId) ? keys[keyId] : undefined;
}

/** Reads bytes from a stream in the sizes asked for; what is left over stays for the next read. */
class ByteReader {
  private buffered: Buffer = Buffer.alloc(0);
  private ended = false;
  private readonly iterator: AsyncIterator<Uint8Array>;
  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Exactly `length` bytes, or fewer only at the end of the stream. */
  async read(length: number): Promise<Buffer> {
    while (this.buffered.length < length && !this.ended) {
      const next = await this.iterator.next();
      if (next.done) this.ended = true;
      else this.buffered = this.buffered.length === 0 ? Buffer.from(next.value) : Buffer.concat([this.buffered, next.value]);
    }
    const taken = this.buffered.subarray(0, length);
    this.buffered = this.buffered.subarray(taken.length);
    return taken;
  }

  async atEnd(): Promise<boolean> {
    return (await this.read(1)).length === 0;
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

/** Reads and checks the header: magic, version, fields, and its MAC under the key it names. */
async function readHeader(reader: ByteReader, backupKeys: Pick<BackupKeys, 'keys'>): Promise<{ header: BackupHeader; dataKey: Buffer }> {
  const prefix = await reader.read(backupMagic.length + 4);
  if (prefix.length < backupMagic.length || !prefix.subarray(0, backupMagic.length).equals(backupMagic)) {
    throw new BackupRefused('not a PersonaPass console backup (its first bytes are not "PPBACKUP")');
  }
  if (prefix.length < backupMagic.length + 4) throw new BackupRefused('the file is truncated: it ends inside its header');
  const length = prefix.readUInt32BE(backupMagic.length);
  if (length < 2 || length > maxHeaderLength) throw new BackupRefused(`the header length ${length} is not plausible: the file is damaged`);
  const json = await reader.read(length);
  const mac = await reader.read(macLength);
  if (json.length < length || mac.length < macLength) throw new BackupRefused('the file is truncated: it ends inside its header');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch {
    throw new BackupRefused('the header is not readable: the file is damaged');
  }
  const version = (parsed as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version !== backupFormatVersion) {
    throw new BackupRefused(`the file has backup format version ${version}; this console reads version ${backupFormatVersion}`);
  }
  const fields = headerSchema.safeParse(parsed);
  if (!fields.success) throw new BackupRefused(`the header is not valid (${fields.error.issues[0]?.path.join('.') || 'header'}: ${fields.error.issues[0]?.message}): the file is damaged`);
  const header = fields.data;
  const key = ownKey(backupKeys.keys, header.keyId);
  if (!key) {
    throw new BackupRefused(`the file was encrypted with backup key "${header.keyId}", which is not among this console's keys (BACKUP_KEYS: ${Object.keys(backupKeys.keys).join(', ') || 'none'})`);
  }
  const keys = fileKeys(key, Buffer.from(header.salt, 'base64'));
  const expected = createHmac('sha256', keys.mac).update(Buffer.concat([prefix, json])).digest();
  if (!timingSafeEqual(expected, mac)) {
    throw new BackupRefused(`the header does not verify with backup key "${header.keyId}": the file was altered, or that key id now names a different key`);
  }
  if (header.bodyBytes !== header.dumpBytes + tagLength * chunkCount(header.dumpBytes, header.chunkSize)) {
    throw new BackupRefused('the header\'s sizes disagree with each other: the file is damaged');
  }
  return { header, dataKey: keys.data };
}

/**
 * Decrypts a backup file as it streams, yielding the dump chunk by chunk, each only after its tag
 * verified. Throws BackupRefused for a file that is not a backup, was made with an unknown or other
 * key, was altered, or is truncated or longer than its header says. Callers that must not act on
 * part of a file (restore) run `verifyBackup` over the whole file first.
 */
export async function* openBackup(source: AsyncIterable<Uint8Array>, backupKeys: Pick<BackupKeys, 'keys'>, onHeader?: (header: BackupHeader) => void): AsyncGenerator<Buffer> {
  const reader = new ByteReader(source);
  try {
    const { header, dataKey } = await readHeader(reader, backupKeys);
    onHeader?.(header);
    const sha = createHash('sha256');
    const count = chunkCount(header.dumpBytes, header.chunkSize);
    let read = 0;
    for (let index = 0; index < count; index++) {
      const final = index === count - 1;
      const plainLength = final ? header.dumpBytes - header.chunkSize * (count - 1) : header.chunkSize;
      const sealed = await reader.read(plainLength + tagLength);
      read += sealed.length;
      if (sealed.length < plainLength + tagLength) {
        throw new BackupRefused(`the file is truncated: its body has ${read} of the ${header.bodyBytes} bytes its header announces`);
      }
      sha.update(sealed);
      const decipher = createDecipheriv('aes-256-gcm', dataKey, nonce(index), { authTagLength: tagLength });
      decipher.setAAD(finalFlag(final));
      decipher.setAuthTag(sealed.subarray(plainLength));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(sealed.subarray(0, plainLength)), decipher.final()]);
      } catch {
        throw new BackupRefused(`chunk ${index + 1} of ${count} does not authenticate: the file was altered`);
      }
      yield plain;
    }
    if (!(await reader.atEnd())) throw new BackupRefused(`the file is longer than its header says (${header.bodyBytes} body bytes): something was appended`);
    if (sha.digest('hex') !== header.bodySha256) throw new BackupRefused('the body\'s SHA-256 does not match its header: the file was altered');
  } finally {
    await reader.close();
  }
}

/** Reads a whole backup file and checks everything `openBackup` checks; returns its header. */
export async function verifyBackup(source: AsyncIterable<Uint8Array>, backupKeys: Pick<BackupKeys, 'keys'>): Promise<BackupHeader> {
  let header: BackupHeader | undefined;
  for await (const chunk of openBackup(source, backupKeys, (read) => (header = read))) void chunk;
  return header!;
}
