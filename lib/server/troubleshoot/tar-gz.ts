import { gzipSync } from 'node:zlib';

// A gzip-compressed tar (POSIX ustar) of in-memory files, written with Node's zlib and this small
// writer rather than a new dependency: a support bundle is a few text files, regular files only.

export type TarEntry = { path: string; content: string | Buffer };

const block = 512;

/** ustar keeps a path as a name of at most 100 bytes after a prefix of at most 155, split at a slash. */
function splitPath(path: string): { name: Buffer; prefix: Buffer } {
  const whole = Buffer.from(path, 'utf8');
  if (whole.length <= 100) return { name: whole, prefix: Buffer.alloc(0) };
  for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
    const prefix = Buffer.from(path.slice(0, slash), 'utf8');
    const name = Buffer.from(path.slice(slash + 1), 'utf8');
    if (prefix.length <= 155 && name.length <= 100 && name.length > 0) return { name, prefix };
  }
  throw new Error(`tar path too long for ustar: ${path}`);
}

function header(path: string, size: number, mtime: Date): Buffer {
  const { name, prefix } = splitPath(path);
  const head = Buffer.alloc(block, 0);
  name.copy(head, 0);
  prefix.copy(head, 345);
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  head.write(octal(0o644, 8), 100, 'ascii');
  head.write(octal(0, 8), 108, 'ascii');
  head.write(octal(0, 8), 116, 'ascii');
  head.write(octal(size, 12), 124, 'ascii');
  head.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  head.write('        ', 148, 'ascii'); // the checksum is computed with its own field as spaces
  head.write('0', 156, 'ascii'); // a regular file
  head.write('ustar\0', 257, 'ascii');
  head.write('00', 263, 'ascii');
  head.write('personapass', 265, 'ascii');
  head.write('personapass', 297, 'ascii');
  let sum = 0;
  for (const byte of head) sum += byte;
  head.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return head;
}

export function tarGz(entries: readonly TarEntry[], mtime: Date): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content, 'utf8') : entry.content;
    parts.push(header(entry.path, content.length, mtime), content, Buffer.alloc((block - (content.length % block)) % block, 0));
  }
  parts.push(Buffer.alloc(block * 2, 0)); // two empty blocks end the archive
  return gzipSync(Buffer.concat(parts));
}
