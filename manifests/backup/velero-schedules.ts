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
        // Namespaced objects and the cluster-scoped ones they use (their PersistentVolumes).
        includeClusterResources: false,
        snapshotVolumes: true,
        defaultVolumesToFsBackup: false,
        ttl: objective.ttl,
        storageLocation: 'default',
        // Labels every Backup of the Schedule carries besides velero.io/schedule-name.
        metadata: { labels: { 'personapass.dev/environment': spec.name } },
      },
    },
  };
}
