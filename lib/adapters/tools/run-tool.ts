// The real promtool and amtool behind manifests/validate's ToolRunner (npm run validate and plans).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolRunner } from '@/manifests/validate/tool-runner';

export const runTool: ToolRunner = async (tool, args, files) => {
  const dir = await mkdtemp(join(tmpdir(), `personapass-${tool}-`));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    return await new Promise((resolve, reject) => {
      const child = spawn(tool, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', (e) => reject(new Error(`${tool} could not be run (apt-get install -y prometheus prometheus-alertmanager): ${e.message}`)));
      child.on('close', (code) => resolve({ exitCode: code ?? 1, output }));
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
