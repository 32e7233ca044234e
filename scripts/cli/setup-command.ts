// `personapass setup CLUSTER [--install [--out DIR]]`: the cluster's readiness report, and what the
// cluster's administrator must install, since the console cannot. Its credential is least privilege
// by design (no ClusterRoles, ClusterRoleBindings, admission policies or other namespaces: the
// connection test refuses a broader one), so the platform-owned cluster-level parts (its RBAC, its
// admission policies, each environment's grant with its namespaces) are applied by the
// administrator; each deploy then applies the namespaces' labels through the plan/apply pipeline.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isEnvironmentName } from '@/lib/core/environments/environment-spec';
import type { ReadinessReportDto } from '@/lib/core/setup/readiness-contract';

type Io = { api: (method: string, path: string) => Promise<any>; say: (text: string) => void };

const manifests = path.join(import.meta.dirname, '..', 'stack', 'manifests');
const mark = { pass: 'pass', warn: 'WARN', fail: 'FAIL' } as const;

export function readinessText(report: ReadinessReportDto): string[] {
  const lines = [`cluster ${report.cluster}: ${mark[report.status]} (checked ${report.checkedAt})`];
  lines.push(report.environments.length ? `environments here: ${report.environments.map((e) => `${e.name} (${e.tier}, ${e.namespace})`).join(', ')}` : 'no environment deploys to this cluster yet');
  for (const check of report.checks) {
    lines.push(`[${mark[check.status]}] ${check.title}: ${check.summary}`);
    for (const detail of check.details.slice(0, 20)) lines.push(`       ${detail}`);
    if (check.details.length > 20) lines.push(`       ... and ${check.details.length - 20} more`);
    if (check.remedy) lines.push(`       what to do: ${check.remedy}`);
  }
  return lines;
}

const systemNamespaces = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * Each environment's grant as the administrator will apply it, its names checked here and not
 * taken on the server's word: they are pasted into YAML applied with cluster-admin rights and into
 * file names, so a name that is not a DNS label (a newline adding a document, a path) or a system
 * namespace is refused before anything is written.
 */
export function checkedGrants(report: ReadinessReportDto): Array<ReadinessReportDto['environments'][number] & { file: string }> {
  return report.environments.map((environment) => {
    for (const name of [environment.name, environment.namespace, ...environment.namespaces]) {
      if (!isEnvironmentName(name) || systemNamespaces.has(name)) throw new Error(`the server's report names ${JSON.stringify(name)}, which no environment or platform namespace can be; nothing was written`);
    }
    return { file: `console-environment-${environment.name}.yaml`, ...environment };
  });
}

/** The administrator's part, as commands; with `out`, the files to apply are written there with every placeholder filled. */
async function installSteps(report: ReadinessReportDto, out: string | undefined, say: (text: string) => void): Promise<void> {
  const grants = checkedGrants(report);
  if (out) {
    await mkdir(out, { recursive: true });
    for (const file of ['console-rbac.yaml', 'console-admission.yaml']) await writeFile(path.join(out, file), await readFile(path.join(manifests, file), 'utf8'));
    const template = await readFile(path.join(manifests, 'console-environment.yaml'), 'utf8');
    for (const grant of grants) await writeFile(path.join(out, grant.file), template.replaceAll('${ENVIRONMENT}', grant.name).replaceAll('${NAMESPACE}', grant.namespace));
  }
  const dir = out ?? 'scripts/stack/manifests';
  say('');
  say('setup --install: what the console cannot install itself');
  say("The console deploys as its own least-privilege ServiceAccount, which may not create ClusterRoles, admission policies or namespaces other than its environments' own: a cluster administrator applies the platform's own parts once, then every deploy keeps the namespaces' labels through the plan/apply pipeline.");
  say('');
  say(`1. The platform's own parts (as the cluster's administrator${out ? `; written to ${out}` : ''}):`);
  say(`   kubectl apply --server-side -f ${dir}/console-rbac.yaml        # the console's ServiceAccount and rights`);
  say(`   kubectl apply --server-side -f ${dir}/console-admission.yaml   # the admission policies limiting what it writes`);
  if (grants.length === 0) say(`   then once per environment: console-environment.yaml with \${ENVIRONMENT} and \${NAMESPACE} filled (its namespaces, enforcing restricted Pod Security, and the console's RoleBindings there)`);
  for (const grant of grants) {
    say(
      out
        ? `   kubectl apply --server-side --force-conflicts -f ${dir}/${grant.file}   # ${grant.name}: ${grant.namespaces.join(', ')}`
        : `   sed -e 's/\${ENVIRONMENT}/${grant.name}/g' -e 's/\${NAMESPACE}/${grant.namespace}/g' ${dir}/console-environment.yaml | kubectl apply --server-side --force-conflicts -f -   # ${grant.name}`,
    );
  }
  say('   kubectl -n personapass-system create token personapass-console --duration=720h   # then renew the credential on the Clusters page');
  say('');
  say("2. Left to the cluster's owner (the platform uses them and never installs them): Istio with its CNI plugin, KEDA, the Prometheus Operator, the Vertical Pod Autoscaler, a default StorageClass. scripts/stack/manifests/README.md, \"What a real cluster needs\", says what each must provide.");
  const crds = report.checks.find((check) => check.id === 'custom-resources');
  if (crds?.status === 'fail' && crds.remedy) say(`   missing now: ${crds.remedy}`);
  say('');
  say(`3. Check again: personapass setup ${report.cluster}`);
}

export async function setupCommand(cluster: string, values: { install?: boolean; out?: string }, io: Io): Promise<void> {
  const report = (await io.api('GET', `/clusters/${encodeURIComponent(cluster)}/readiness`)) as ReadinessReportDto;
  for (const line of readinessText(report)) io.say(line);
  if (values.install) await installSteps(report, values.out, io.say);
  // Scripts and CI wait on this: any failed check is a failed setup.
  if (report.status === 'fail') process.exitCode = 2;
}
