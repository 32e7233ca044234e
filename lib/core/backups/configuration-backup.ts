import { z } from 'zod';
import type { PlainObject } from '../deploy/cluster-gateway';
import type { Person } from '../deploy/deploy-ports';

// An environment's configuration backup: what the console's own data knows of it (its head spec,
// every revision that deployed successfully, each successful run and the objects it sent, and the
// inventory of what it left on the cluster). Enough to rebuild the environment on an empty cluster
// through the normal plan/apply pipeline, and nothing a cluster credential or Secret value is in.

export const configurationBackupFormat = 'personapass-configuration-backup';
export const configurationBackupVersion = 1;

/** One successful deploy run, as the backup records it. */
export type DeployedRun = {
  runId: string;
  planId: string;
  kind: 'deploy' | 'rollback';
  requestedBy: Person;
  approvers: Person[];
  startedAt: Date | null;
  finishedAt: Date | null;
  cluster: string;
  /** The plan's objects in apply order: what the run sent (desired null for a deletion). */
  objects: Array<{ objectId: string; action: string; desired: PlainObject | null }>;
};

/** A revision that deployed successfully at least once, with each run that deployed it. */
export type DeployedRevision = { revision: number; spec: unknown; runs: DeployedRun[] };

export type InventoryEntry = { objectId: string; apiVersion: string; runId: string; appliedAt: Date };

/** What the console's database holds of an environment's deploys. */
export interface DeploymentHistoryStore {
  /** Revisions deployed successfully, oldest first, each with its successful runs (oldest first). */
  findDeployedRevisions(environment: string): Promise<DeployedRevision[]>;
  /** What the environment's deploys left on the cluster, by object id. */
  findInventory(environment: string): Promise<InventoryEntry[]>;
}

/** The index file of a backup folder (personapass-backup.json): what a restore checks first. */
export const backupManifestSchema = z.object({
  format: z.literal(configurationBackupFormat),
  version: z.literal(configurationBackupVersion),
  environment: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  headRevision: z.number().int().positive(),
  exportedAt: z.string(),
  deployedRevisions: z.array(z.number().int().positive()),
  /** Secrets are left out (their values are not the console's to export); the render makes them again. */
  omittedSecrets: z.array(z.string()),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

/** GET /environments/{name}/configuration-backup: the folder's files by relative path. */
export const configurationBackupSchema = z.object({
  environment: z.string(),
  revision: z.number().int().positive(),
  files: z.record(z.string(), z.string()),
});
