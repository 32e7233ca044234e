import { canWriteEnvironment } from '@/lib/core/auth/roles';
import { cloneSpec } from '@/lib/core/environments/clone-spec';
import { nodesOf } from '@/lib/core/environments/node-capacity';
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
  const { spec: copy, lowered } = cloneSpec(source.spec, input);
  // Who may write the copy is decided before its validation, which would tell more than "forbidden".
  enforce(canWriteEnvironment(actor, { protected: copy.protection.protected, name: copy.name }));
  // The copy must pass the same validation as any new spec (a production clone may not use `latest`).
  const spec = parseOrThrow(environmentSpecSchema, copy, 'the cloned environment');
  assertSpecWithinSize(spec);
  await requireRegisteredCluster(ctx, spec.cluster);
  const fitted = lowered.length > 0 ? ` (lowered to fit its ${nodesOf(spec)} nodes: ${lowered.join(', ')})` : '';
  const changeNote = input.changeNote ?? `cloned from ${sourceName} revision ${source.number}${fitted}`;
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
