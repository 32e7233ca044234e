import {
  type BackupManifest,
  configurationBackupFormat,
  configurationBackupVersion,
  type DeployedRevision,
  type InventoryEntry,
} from '@/lib/core/backups/configuration-backup';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { renderVeleroSchedule } from '../backup/velero-schedules';
import { toPlain } from '../kube-object';
import { toYaml } from '../yaml-text';
import { renderPlainFiles } from '../render-files';
import { renderPlatform } from '../render-platform';

type Plain = Record<string, unknown> & { kind?: string; metadata?: { name?: string; namespace?: string } };

export type ConfigurationBackupInput = {
  head: { revision: number; spec: EnvironmentSpec };
  deployed: readonly DeployedRevision[];
  inventory: readonly InventoryEntry[];
  exportedAt: Date;
};

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const isSecret = (o: Plain) => o.kind === 'Secret';
const idOf = (o: Plain) => (o.metadata?.namespace ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` : `${o.kind}/${o.metadata?.name}`);

/** Objects as YAML files by kind under `folder`, Secrets left out (their ids returned). */
function objectFiles(folder: string, objects: readonly Plain[]): { files: Record<string, string>; omitted: string[] } {
  const kept = objects.filter((o) => !isSecret(o));
  const files = Object.fromEntries(Object.entries(renderPlainFiles(kept)).map(([path, text]) => [`${folder}/${path}`, text]));
  return { files, omitted: objects.filter(isSecret).map(idOf) };
}

const person = (p: { name: string; email: string }) => ({ name: p.name, email: p.email });

/**
 * The files of an environment's configuration backup, a folder ready to commit to Git:
 * - personapass-backup.json: what it is, of which environment and revision, when;
 * - spec.json: the head revision's spec, what a restore creates the environment from;
 * - rendered/: the head rendered by today's code (kubectl apply -k, or a GitOps engine);
 * - revisions/<n>/: each revision that deployed successfully: its spec, its runs (when, by whom,
 *   approved by whom, which objects with which action) and the objects as the last of them sent;
 * - inventory.json: what the deploys left on the cluster, by the run that last applied it;
 * - velero/schedule.yaml: the Velero Schedule backing up its namespaces (the cluster's owner applies it).
 * Secrets are left out everywhere (listed in the manifest): the console never reads their values
 * back, and a restore renders them again from the spec. No cluster credential is ever part of it.
 */
export function renderConfigurationBackup(input: ConfigurationBackupInput): Record<string, string> {
  const { head, deployed, inventory, exportedAt } = input;
  const rendered = objectFiles('rendered', renderPlatform(head.spec).map((o) => toPlain(o) as Plain));
  const files: Record<string, string> = { ...rendered.files, 'spec.json': json(head.spec), 'velero/schedule.yaml': toYaml(renderVeleroSchedule(head.spec)) };
  const omitted = new Set(rendered.omitted);
  for (const { revision, spec, runs } of deployed) {
    const folder = `revisions/${revision}`;
    files[`${folder}/spec.json`] = json(spec);
    files[`${folder}/runs.json`] = json(
      runs.map((run) => ({
        runId: run.runId,
        planId: run.planId,
        kind: run.kind,
        cluster: run.cluster,
        requestedBy: person(run.requestedBy),
        approvedBy: run.approvers.map(person),
        startedAt: run.startedAt?.toISOString() ?? null,
        finishedAt: run.finishedAt?.toISOString() ?? null,
        objects: run.objects.map(({ objectId: id, action }) => ({ objectId: id, action })),
      })),
    );
    const last = runs.at(-1);
    if (!last) continue;
    const sent = objectFiles(`${folder}/objects`, last.objects.flatMap((o) => (o.desired ? [o.desired as Plain] : [])));
    Object.assign(files, sent.files);
    for (const id of sent.omitted) omitted.add(id);
  }
  files['inventory.json'] = json(inventory.map((item) => ({ ...item, appliedAt: item.appliedAt.toISOString() })));
  const manifest: BackupManifest = {
    format: configurationBackupFormat,
    version: configurationBackupVersion,
    environment: head.spec.name,
    cluster: head.spec.cluster,
    namespace: head.spec.namespace,
    headRevision: head.revision,
    exportedAt: exportedAt.toISOString(),
    deployedRevisions: deployed.map((d) => d.revision),
    omittedSecrets: [...omitted].sort(),
  };
  files['personapass-backup.json'] = json(manifest);
  files['README.md'] = readme(manifest);
  return files;
}

function readme(manifest: BackupManifest): string {
  return `# Configuration backup of ${manifest.environment}

Exported by the PersonaPass console at ${manifest.exportedAt}: revision ${manifest.headRevision} (the head) of
${manifest.environment} on cluster ${manifest.cluster}, namespace ${manifest.namespace}.
Revisions that deployed successfully: ${manifest.deployedRevisions.join(', ') || 'none yet'}.

- \`spec.json\`: the environment's definition; a restore creates an environment from it.
- \`rendered/\`: the head rendered as YAML by kind (\`kubectl apply -k rendered/\` or a GitOps engine).
- \`revisions/<n>/\`: each deployed revision: \`spec.json\`, \`runs.json\` (when, by whom, which objects) and
  \`objects/\`, the objects its last successful run sent.
- \`inventory.json\`: what the deploys left on the cluster.
- \`velero/schedule.yaml\`: the Velero Schedule that backs up the environment's namespaces (cluster data, volumes
  included); the cluster's owner applies it where Velero runs.

Secrets are not in this folder (${manifest.omittedSecrets.length} left out, listed in personapass-backup.json);
the console renders them again from the spec when the restored environment is deployed.

Restore onto an empty cluster or another namespace through the normal pipeline:

    personapass import . --as NAME [--namespace NS] [--cluster CLUSTER]
    personapass plan NAME
    personapass deploy PLAN_ID --wait
`;
}
