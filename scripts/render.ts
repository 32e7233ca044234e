// npm run render -- --env prod --out DIR  (or --preset NAME, --spec FILE.json): the platform as YAML
// files by kind plus a kustomization.yaml, byte-identical for the same revision.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { renderFiles } from '@/manifests/render-files';
import { renderPlatform } from '@/manifests/render-platform';
import { parseCommandLine, specFromArgs } from './manifests/spec-from-args';

// The output folder is replaced whole, so a removed object does not linger as a stale file; only a
// folder that is empty or holds an earlier render (a kustomization.yaml) may be replaced.
async function prepareOutput(out: string): Promise<void> {
  if (!existsSync(out)) return;
  const entries = await readdir(out);
  if (entries.length > 0 && !entries.includes('kustomization.yaml')) {
    throw new Error(`${out} is not empty and holds no earlier render (no kustomization.yaml); choose another --out`);
  }
  await rm(out, { recursive: true, force: true });
}

async function main() {
  const args = parseCommandLine({ out: { type: 'string' } });
  if (typeof args.out !== 'string') throw new Error('give --out DIR');
  const { spec, source } = await specFromArgs(args);
  const out = resolve(args.out);
  const files = renderFiles(renderPlatform(spec));
  await prepareOutput(out);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(dirname(join(out, file)), { recursive: true });
    await writeFile(join(out, file), content);
  }
  console.log(`rendered ${Object.keys(files).length - 1} objects of ${source} (${spec.tier}) into ${out}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
