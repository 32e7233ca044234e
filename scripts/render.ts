// npm run render -- --env prod --out DIR  (or --preset NAME, --spec FILE.json): the platform as YAML
// files by kind plus a kustomization.yaml, byte-identical for the same revision.
//   --format helm          a Helm chart instead (values-<env>.yaml per environment; --env/--preset/--spec
//                          take a comma-separated list of environments of one structure)
//   --repo-url URL [--path P] [--git-revision R] [--cluster-server URL]   (--revision N picks a stored revision)
//                          also gitops/: Argo CD Application and Flux objects pointing at the folder
import { relative, resolve } from 'node:path';
import { renderExport, parseFormat } from '@/manifests/export/export-files';
import type { GitSource } from '@/manifests/export/gitops';
import { writeRender } from './manifests/write-render';
import { type ChosenSpec, parseCommandLine, specFromArgs } from './manifests/spec-from-args';

async function chosenSpecs(args: Record<string, string | boolean | undefined>): Promise<ChosenSpec[]> {
  const key = (['spec', 'preset', 'env'] as const).find((k) => typeof args[k] === 'string');
  if (!key) return [await specFromArgs(args)]; // says what to give
  const names = String(args[key]).split(',').filter(Boolean);
  const chosen: ChosenSpec[] = [];
  for (const name of names) chosen.push(await specFromArgs({ ...args, [key]: name }));
  return chosen;
}

function gitSource(args: Record<string, string | boolean | undefined>, out: string): GitSource | undefined {
  const string = (k: string) => (typeof args[k] === 'string' ? (args[k] as string) : undefined);
  const repoUrl = string('repo-url');
  if (!repoUrl) {
    if (string('path') || string('git-revision') || string('cluster-server')) throw new Error('--path, --git-revision and --cluster-server need --repo-url');
    return undefined;
  }
  const path = string('path') ?? relative(process.cwd(), out);
  if (path === '' || path.startsWith('..')) throw new Error(`give --path: the folder's path inside ${repoUrl} (${out} is not under the working directory)`);
  return { repoUrl, path, revision: string('git-revision') ?? 'main', clusterServer: string('cluster-server') };
}

async function main() {
  const args = parseCommandLine({
    out: { type: 'string' },
    format: { type: 'string' },
    'repo-url': { type: 'string' },
    path: { type: 'string' },
    // The Git revision GitOps engines follow; --revision stays the stored revision to render (spec-from-args).
    'git-revision': { type: 'string' },
    'cluster-server': { type: 'string' },
  });
  const format = parseFormat(typeof args.format === 'string' ? args.format : undefined);
  if (typeof args.out !== 'string') throw new Error('give --out DIR');
  const out = resolve(args.out);
  const source = gitSource(args, out);
  const chosen = await chosenSpecs(args);
  const files = renderExport(
    chosen.map((c) => c.spec),
    format,
    source,
  );
  await writeRender(out, files, format);
  const what = chosen.map((c) => `${c.source} (${c.spec.tier})`).join(', ');
  console.log(`rendered ${what} as ${format === 'helm' ? 'a Helm chart' : 'YAML by kind'} into ${out}${source ? ' with gitops/ entry points' : ''}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
