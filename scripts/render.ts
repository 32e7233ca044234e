// npm run render -- --env prod --out DIR  (or --spec FILE.json): the platform as YAML files.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { renderFiles } from '@/manifests/render-files';
import { renderPlatform } from '@/manifests/render-platform';
import { parseCommandLine, specFromArgs } from './manifests/spec-from-args';

async function main() {
  const args = parseCommandLine({ out: { type: 'string' } });
  if (typeof args.out !== 'string') throw new Error('give --out DIR');
  const spec = specFromArgs(args);
  const out = resolve(args.out);
  const files = renderFiles(renderPlatform(spec));
  // Start from an empty folder so a removed object does not linger as a stale file.
  await rm(out, { recursive: true, force: true });
  for (const [file, content] of Object.entries(files)) {
    await mkdir(dirname(join(out, file)), { recursive: true });
    await writeFile(join(out, file), content);
  }
  console.log(`rendered ${Object.keys(files).length - 1} objects of ${spec.name} (${spec.tier}) into ${out}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
