// The folder of a configuration backup on disk: `personapass export` writes it, `personapass import`
// reads it back. The file names come from the server, so each is checked to stay inside the folder.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export const backupIndexFile = 'personapass-backup.json';

/**
 * A path from the server's answer, refused when it would leave the folder or reach into its Git
 * repository (the folder is meant to be committed: a planted .git/hooks file would run on the next
 * git command).
 */
export function inside(root: string, file: string): string {
  const target = resolve(root, file);
  const segments = file.split('/');
  if (file.startsWith('/') || file.includes('\\') || segments.includes('..') || segments.some((segment) => segment.toLowerCase() === '.git') || !target.startsWith(root + sep)) {
    throw new Error(`the export names a file outside the folder (${JSON.stringify(file)}); nothing was written`);
  }
  return target;
}

/**
 * Writes the backup into `out`, replacing an earlier backup there (so a removed object leaves no
 * stale file and a Git commit shows the difference); a folder holding anything else is refused.
 */
export async function writeBackupFolder(out: string, files: Record<string, string>): Promise<number> {
  const root = resolve(out);
  const targets = Object.keys(files).map((file) => [file, inside(root, file)] as const);
  if (existsSync(root)) {
    const entries = (await readdir(root)).filter((entry) => entry !== '.git');
    if (entries.length > 0 && !entries.includes(backupIndexFile)) throw new Error(`${out} is not empty and holds no earlier backup (no ${backupIndexFile}); choose another --out`);
    for (const entry of entries) await rm(join(root, entry), { recursive: true, force: true });
  }
  for (const [file, target] of targets) {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, files[file]!);
  }
  return targets.length;
}

/** The two files a restore needs: the index (what the backup is) and the head spec. */
export async function readBackupFolder(dir: string): Promise<{ manifest: unknown; spec: unknown }> {
  const read = async (file: string) => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`${dir} holds no ${file}: give the folder personapass export wrote`);
    try {
      return JSON.parse(await readFile(path, 'utf8')) as unknown;
    } catch (error) {
      throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
    }
  };
  return { manifest: await read(backupIndexFile), spec: await read('spec.json') };
}
