import { canWriteEnvironment } from '@/lib/core/auth/roles';
import { assertSpecWithinSize } from '@/lib/core/environments/spec-size';
import { contentHash } from '@/lib/core/hash';
import type { RevisionRecord } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import type { CreateEnvironmentInput } from './environment-input';
import { requireRegisteredCluster } from './require-registered-cluster';

export async function createEnvironment(ctx: UseCaseContext, input: CreateEnvironmentInput): Promise<RevisionRecord> {
  const actor = requireActor(ctx);
  const { spec } = input;
  assertSpecWithinSize(spec);
  enforce(canWriteEnvironment(actor, { protected: spec.protection.protected, name: spec.name }));
  await requireRegisteredCluster(ctx, spec.cluster);
  return ctx.deps.environments.createEnvironment(
    { spec, specHash: contentHash(spec), changeNote: input.changeNote, authorId: actor.userId },
    auditEntry(ctx, {
      action: 'environment.created',
      targetType: 'environment',
      targetName: spec.name,
      summary: `created ${spec.name} (${spec.tier}) at revision 1: ${input.changeNote}`,
    }),
  );
}
