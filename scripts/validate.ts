// npm run validate -- --env prod [--revision N] [--kubeconfig PATH] (or --preset NAME, --spec FILE):
// every check, every problem with its object and field path; exits 1 when there is any.
import { KubeConfig } from '@kubernetes/client-node';
import { renderPlatform } from '@/manifests/render-platform';
import { validatePlatform } from '@/manifests/validate/validate-platform';
import { kubeServerDryRun } from '@/lib/adapters/kubernetes/kube-server-apply';
import { runTool } from '@/lib/adapters/tools/run-tool';
import { parseCommandLine, specFromArgs } from './manifests/spec-from-args';

async function main() {
  const args = parseCommandLine({ kubeconfig: { type: 'string' }, 'skip-tools': { type: 'boolean' } });
  const { spec, source } = await specFromArgs(args);
  const objects = renderPlatform(spec);
  let serverDryRun;
  if (typeof args.kubeconfig === 'string') {
    const kc = new KubeConfig();
    kc.loadFromFile(args.kubeconfig);
    serverDryRun = kubeServerDryRun(kc);
  }
  const problems = await validatePlatform(spec, objects, { runTool: args['skip-tools'] ? undefined : runTool, serverDryRun });
  for (const p of problems) console.log(`${p.object} ${p.path || '(object)'}: ${p.message} [${p.check}]`);
  const checks = ['schema', 'policy', ...(args['skip-tools'] ? [] : ['promtool', 'amtool']), ...(serverDryRun ? ['server dry-run'] : [])];
  console.log(`${source}: ${objects.length} objects, ${problems.length} problem(s); checks: ${checks.join(', ')}`);
  process.exit(problems.length ? 1 : 0);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
