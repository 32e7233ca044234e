import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// Written into every render, so a later render knows the folder is its own to replace.
const marker = '.personapass-render';

// The output folder is replaced whole, so a removed object does not linger as a stale file; only a
// folder that is empty or holds an earlier render (the marker, or an older render's
// kustomization.yaml) may be replaced.
async function prepareOutput(out: string): Promise<void> {
  if (!existsSync(out)) return;
  const entries = await readdir(out);
  if (entries.length > 0 && !entries.includes(marker) && !entries.includes('kustomization.yaml')) {
    throw new Error(`${out} is not empty and holds no earlier render (no ${marker}); choose another --out`);
  }
  await rm(out, { recursive: true, force: true });
}

/** Replaces `out` with the render's files (shell scripts made executable) and the marker naming its format. */
export async function writeRender(out: string, files: Record<string, string>, format: string): Promise<void> {
  await prepareOutput(out);
  for (const [file, content] of Object.entries({ ...files, [marker]: `${format}\n` })) {
    await mkdir(dirname(join(out, file)), { recursive: true });
    await writeFile(join(out, file), content);
    if (file.endsWith('.sh')) await chmod(join(out, file), 0o755);
  }
}
