import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBackupWriter, openBackup, verifyBackup, type BackupKeys } from './backup-file';

const keys: BackupKeys = { keys: { b1: randomBytes(32), b2: randomBytes(32) }, activeKeyId: 'b1' };
const facts = { createdAt: new Date('2026-12-02T10:00:00Z'), migration: '20261202130500_status_links', postgresVersion: '15.18' };

async function* pieces(data: Buffer, size: number) {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

async function write(dump: Buffer, options: { chunkSize?: number; keys?: BackupKeys } = {}): Promise<Buffer> {
  const writer = createBackupWriter(options.keys ?? keys, { chunkSize: options.chunkSize ?? 1024 });
  const body: Buffer[] = [];
  for await (const chunk of writer.body(pieces(dump, 700))) body.push(chunk);
  return Buffer.concat([writer.header(facts), ...body]);
}

async function read(file: Buffer, readKeys: Pick<BackupKeys, 'keys'> = keys): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of openBackup(pieces(file, 333), readKeys)) out.push(chunk);
  return Buffer.concat(out);
}

describe('backup file', () => {
  it('round-trips dumps of every size around its chunk boundaries', async () => {
    for (const size of [0, 1, 1023, 1024, 1025, 4096, 5000]) {
      const dump = randomBytes(size);
      const file = await write(dump);
      expect(await read(file)).toEqual(dump);
      const header = await verifyBackup(pieces(file, 4096), keys);
      expect(header).toMatchObject({ keyId: 'b1', dumpBytes: size, migration: facts.migration, createdAt: facts.createdAt.toISOString() });
      expect(file.includes(dump.subarray(0, 64)) && size >= 64).toBe(false);
    }
  });

  it('opens files made with an older key that is still configured', async () => {
    const dump = randomBytes(3000);
    const file = await write(dump, { keys: { ...keys, activeKeyId: 'b2' } });
    expect(await read(file)).toEqual(dump);
  });

  it('refuses a file cut short anywhere, including at a chunk boundary', async () => {
    const file = await write(randomBytes(4096));
    const headerEnd = file.length - (4096 + 4 * 16);
    for (const length of [0, 5, 12, headerEnd - 1, headerEnd, headerEnd + 1024 + 16, file.length - 1]) {
      await expect(read(file.subarray(0, length))).rejects.toThrow(/backup refused: (the file is truncated|not a PersonaPass)/);
    }
  });

  it('refuses a file with a changed byte in its body or header, or with bytes appended', async () => {
    const file = await write(randomBytes(4096));
    const flipped = (at: number) => Buffer.concat([file.subarray(0, at), Buffer.from([file[at]! ^ 1]), file.subarray(at + 1)]);
    await expect(read(flipped(file.length - 100))).rejects.toThrow(/chunk 4 of 4 does not authenticate: the file was altered/);
    await expect(read(flipped(file.length - 4096))).rejects.toThrow(/chunk 1 of 4 does not authenticate/);
    const json = file.indexOf('"migration":"') + 13;
    await expect(read(Buffer.concat([file.subarray(0, json), Buffer.from('1'), file.subarray(json + 1)]))).rejects.toThrow(/header does not verify with backup key "b1"/);
    await expect(read(Buffer.concat([file, Buffer.from('x')]))).rejects.toThrow(/longer than its header says/);
  });

  it('refuses a file made with a key it does not have, or under a reused key id', async () => {
    const file = await write(randomBytes(2000));
    await expect(read(file, { keys: { b2: keys.keys.b2! } })).rejects.toThrow(/backup key "b1", which is not among this console's keys \(BACKUP_KEYS: b2\)/);
    await expect(read(file, { keys: { b1: randomBytes(32) } })).rejects.toThrow(/does not verify with backup key "b1"/);
  });

  it('refuses what is not a backup', async () => {
    await expect(read(Buffer.from('PGDMP\x01\x0e\x00 a plain dump'))).rejects.toThrow(/not a PersonaPass console backup/);
  });
});
