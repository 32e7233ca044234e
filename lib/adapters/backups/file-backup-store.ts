import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { BackupStore } from '@/lib/core/backups/backup-ports';
import { InvalidInput, NotFound } from '@/lib/core/errors';

// Backups as files in a folder (BACKUP_DIR), mode 600 in a folder of mode 700: the files are
// encrypted, but who may list them is still nobody's business but the console's. A file is written
// under a temporary name and renamed when complete, so a crash never leaves half a backup under a
// backup's name.

const fileName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export class FileBackupStore implements BackupStore {
  constructor(readonly location: string) {}

  private pathOf(name: string): string {
    if (!fileName.test(name)) throw new InvalidInput(`"${name}" is not a backup file name`);
    return path.join(this.location, name);
  }

  async write(name: string, content: AsyncIterable<Uint8Array>): Promise<{ bytes: number }> {
    const target = this.pathOf(name);
    await mkdir(this.location, { recursive: true, mode: 0o700 });
    const partial = path.join(this.location, `.${name}.${randomUUID()}.partial`);
    let bytes = 0;
    const counted = async function* () {
      for await (const chunk of content) {
        bytes += chunk.length;
        yield chunk;
      }
    };
    try {
      await pipeline(Readable.from(counted()), createWriteStream(partial, { mode: 0o600, flags: 'wx' }));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { bytes };
  }

  async *read(name: string): AsyncIterable<Uint8Array> {
    const stream = createReadStream(this.pathOf(name), { highWaterMark: 1024 * 1024 });
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFound(`no backup file ${name} in ${this.location}`);
      throw error;
    } finally {
      stream.destroy();
    }
  }

  async delete(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
  }
}
