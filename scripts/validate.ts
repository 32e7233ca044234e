// npm run validate -- --env prod [--kubeconfig PATH]: every check, every problem with its field path.
import { KubeConfig } from '@kubernetes/client-node';
import { renderPlatform } from '@/manifests/render-platform';
import { validatePlatform } from '@/manifests/validate/validate-platform';
import { kubeServerDryRun } from './manifests/kube-server-dry-run';
import { runTool } from './manifests/run-tool';
import { parseCommandLine, specFromArgs } from './manifests/spec-from-args';

async function main() {
  const args = parseCommandLine({ kubeconfig: { type: 'string' }, 'skip-tools': { type: 'boolean' } });
  const spec = specFromArgs(args);
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
  console.log(`${spec.name}: ${objects.length} objects, ${problems.length} problem(s); checks: ${checks.join(', ')}`);
  process.exit(problems.length ? 1 : 0);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
