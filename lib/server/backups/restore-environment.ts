import { canWriteEnvironment } from '@/lib/core/auth/roles';
import { backupManifestSchema } from '@/lib/core/backups/configuration-backup';
import { cloneSpec } from '@/lib/core/environments/clone-spec';
import { environmentSpecSchema } from '@/lib/core/environments/environment-spec';
import { nodesOf } from '@/lib/core/environments/node-capacity';
import { assertSpecWithinSize } from '@/lib/core/environments/spec-size';
import { InvalidInput } from '@/lib/core/errors';
import { contentHash } from '@/lib/core/hash';
import type { RevisionRecord } from '@/lib/core/ports';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import { requireRegisteredCluster } from '../environments/require-registered-cluster';
import type { RestoreEnvironmentInput } from './backup-input';

/**
 * A new environment made from a configuration backup's spec (personapass export), under a new name
 * and, where given, another namespace set or cluster: the environment definition only. It is then
 * planned and deployed like any other, through the same policy; nothing is written to a cluster here.
 * The same rules as a clone apply (a production copy stays protected), and the same validation as a
 * new spec, so a backup edited by hand into something invalid is refused with field paths.
 */
export async function restoreEnvironment(ctx: UseCaseContext, name: string, input: RestoreEnvironmentInput): Promise<RevisionRecord> {
  const actor = requireActor(ctx);
  const manifest = parseOrThrow(backupManifestSchema, input.manifest, 'the backup manifest (personapass-backup.json)');
  const source = parseOrThrow(environmentSpecSchema, input.spec, 'the backup spec (spec.json)');
  if (source.name !== manifest.environment) {
    throw new InvalidInput(`spec.json is of ${source.name}, personapass-backup.json of ${manifest.environment}: the folder mixes two backups`);
  }
  const { spec: copy, lowered } = cloneSpec({ ...source, cluster: input.cluster ?? source.cluster }, { name, namespace: input.namespace ?? (name === source.name ? source.namespace : undefined) });
  enforce(canWriteEnvironment(actor, { protected: copy.protection.protected, name: copy.name }));
  const spec = parseOrThrow(environmentSpecSchema, copy, 'the restored environment');
  assertSpecWithinSize(spec);
  await requireRegisteredCluster(ctx, spec.cluster);
  const fitted = lowered.length > 0 ? ` (lowered to fit its ${nodesOf(spec)} nodes: ${lowered.join(', ')})` : '';
  return ctx.deps.environments.createEnvironment(
    { spec, specHash: contentHash(spec), changeNote: `restored from the configuration backup of ${manifest.environment} revision ${manifest.headRevision} exported ${manifest.exportedAt}${fitted}`, authorId: actor.userId },
    auditEntry(ctx, {
      action: 'environment.restored',
      targetType: 'environment',
      targetName: spec.name,
      summary: `restored ${spec.name} (${spec.cluster}/${spec.namespace}) from the backup of ${manifest.environment}@${manifest.headRevision}`,
    }),
  );
}
