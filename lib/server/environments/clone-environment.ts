import { canWriteEnvironment } from '@/lib/core/auth/roles';
import { cloneSpec } from '@/lib/core/environments/clone-spec';
import { environmentSpecSchema } from '@/lib/core/environments/environment-spec';
import { assertSpecWithinSize } from '@/lib/core/environments/spec-size';
import { contentHash } from '@/lib/core/hash';
import type { RevisionRecord } from '@/lib/core/ports';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import type { CloneEnvironmentInput } from './environment-input';
import { getEnvironment } from './get-environment';
import { requireRegisteredCluster } from './require-registered-cluster';

export async function cloneEnvironment(ctx: UseCaseContext, sourceName: string, input: CloneEnvironmentInput): Promise<RevisionRecord> {
  const actor = requireActor(ctx);
  const source = await getEnvironment(ctx, sourceName);
  // The copy must pass the same validation as any new spec (a production clone may not use `latest`).
  const spec = parseOrThrow(environmentSpecSchema, cloneSpec(source.spec, input), 'the cloned environment');
  assertSpecWithinSize(spec);
  enforce(canWriteEnvironment(actor, { protected: spec.protection.protected, name: spec.name }));
  await requireRegisteredCluster(ctx, spec.cluster);
  const changeNote = input.changeNote ?? `cloned from ${sourceName} revision ${source.number}`;
  return ctx.deps.environments.createEnvironment(
    { spec, specHash: contentHash(spec), changeNote, authorId: actor.userId },
    auditEntry(ctx, {
      action: 'environment.cloned',
      targetType: 'environment',
      targetName: spec.name,
      summary: `cloned ${sourceName}@${source.number} into ${spec.name} (${spec.tier})`,
    }),
  );
}
