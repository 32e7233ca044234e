import { renderPlainFiles } from '../render-files';
import { type ConsoleWave, consoleName, migrationJobName } from './render-console';
import type { ConsoleOptions } from './console-options';

/**
 * The waves as folders (each a kustomization of one YAML file per object) and apply.sh, which
 * applies them in order and waits for the migration Job to complete before the Deployment rolls:
 * `kubectl apply -k` alone cannot wait for a Job, so the order lives in that script (or in your
 * pipeline: apply 1-access and 2-migrate, `kubectl wait --for=condition=complete`, then 3-console).
 */
export function consoleFiles(waves: readonly ConsoleWave[], options: ConsoleOptions): Record<string, string> {
  const files: Record<string, string> = {};
  for (const wave of waves) {
    for (const [file, text] of Object.entries(renderPlainFiles(wave.objects))) files[`${wave.name}/${file}`] = text;
  }
  const namespace = waves[0]!.objects.find((o) => o.kind === 'ServiceAccount')!.metadata.namespace!;
  files['apply.sh'] = applyScript(namespace, migrationJobName(options.image));
  return files;
}

function applyScript(namespace: string, job: string): string {
  return `#!/bin/sh
# Applies the console in order (manifests/console/README.md). Needs the Secrets ${consoleName} and
# ${consoleName}-migration in ${namespace} first. KUBECTL may name another kubectl.
set -eu
cd "$(dirname "$0")"
k=\${KUBECTL:-kubectl}
$k apply --server-side -k 1-access
$k apply --server-side -k 2-migrate
# The Deployment rolls only after the schema is current: a failed migration stops here.
if ! $k -n ${namespace} wait --for=condition=complete job/${job} --timeout=600s; then
  $k -n ${namespace} logs job/${job} --tail=50 || true
  echo "the migration Job ${job} did not complete; the console was not rolled" >&2
  exit 1
fi
$k apply --server-side -k 3-console
$k -n ${namespace} rollout status deployment/${consoleName} --timeout=600s
`;
}
