// The real promtool and amtool behind manifests/validate's ToolRunner (npm run validate and plans).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPersonapassCacheDir } from '@/lib/env';
import type { ToolRunner } from '@/manifests/validate/tool-runner';

/**
 * amtool at the Alertmanager version the platform renders, built from tools/alertmanager into the
 * cache like the testbed's binaries (scripts/stack/build-binaries.sh alertmanager; scripts/stack/lib.sh
 * pp_bin_dir: the module's go.mod and go.sum hashed). Debian's amtool (0.25) refuses the rendered
 * webhook's url_file, so it is never the fallback.
 */
export function amtoolPath(repoDir = process.cwd()): string {
  const goModule = join(repoDir, 'tools/alertmanager');
  let key = 'unknown';
  try {
    key = createHash('sha256')
      .update(Buffer.concat([readFileSync(join(goModule, 'go.mod')), readFileSync(join(goModule, 'go.sum'))]))
      .digest('hex')
      .slice(0, 12);
  } catch {
    // No module here (not run from the repository): the path below does not exist, and the run says how to build it.
  }
  const cache = getPersonapassCacheDir() ?? join(homedir(), '.cache/personapass');
  return join(cache, 'bin', `alertmanager-${key}`, 'amtool');
}

const install: Record<string, string> = {
  promtool: 'apt-get install -y prometheus',
  amtool: 'bash scripts/stack/build-binaries.sh alertmanager',
};

export const runTool: ToolRunner = async (tool, args, files) => {
  const dir = await mkdtemp(join(tmpdir(), `personapass-${tool}-`));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    const command = tool === 'amtool' ? amtoolPath() : tool;
    return await new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', (e) => reject(new Error(`${tool} could not be run (${install[tool] ?? `install ${tool}`}): ${e.message}`)));
      child.on('close', (code) => resolve({ exitCode: code ?? 1, output }));
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
