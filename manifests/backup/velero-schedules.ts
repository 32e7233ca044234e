import { recoveryObjectives, veleroNamespace, veleroScheduleName } from '@/lib/core/backups/recovery-objectives';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { commonLabels } from '../names';

/**
 * The Velero Schedule backing up an environment's namespaces (its own, -monitoring, -tracing),
 * volumes included, at its tier's cadence and TTL (recovery-objectives.ts). It lives in Velero's
 * namespace, which Velero alone reads and no environment holds, so it is not part of the
 * environment's render (render-scope.test.ts): the cluster's owner applies it with Velero (it is in
 * every configuration backup, velero/schedule.yaml), and the console reads the Backups it makes.
 */
export function renderVeleroSchedule(spec: EnvironmentSpec): Record<string, unknown> {
  const objective = recoveryObjectives[spec.tier];
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Schedule',
    metadata: { name: veleroScheduleName(spec.name), namespace: veleroNamespace, labels: commonLabels(spec, 'velero-schedule') },
    spec: {
      schedule: objective.cron,
      useOwnerReferencesInBackup: false,
      template: {
        includedNamespaces: Object.values(platformNamespaces(spec)),
        // includeClusterResources left unset ("auto"): with a subset of namespaces, Velero takes their
        // objects and the cluster-scoped ones they use (their PersistentVolumes); false would leave
        // the PersistentVolumes out.
        snapshotVolumes: true,
        defaultVolumesToFsBackup: false,
        ttl: objective.ttl,
        // storageLocation left unset: Velero uses the location marked default, whatever its name
        // (OADP and many installs do not call it "default").
        // Labels every Backup of the Schedule carries besides velero.io/schedule-name.
        metadata: { labels: { 'personapass.dev/environment': spec.name } },
      },
    },
  };
}
