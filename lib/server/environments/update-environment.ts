import { canWriteEnvironment } from '@/lib/core/auth/roles';
import { diffSpecs } from '@/lib/core/environments/spec-diff';
import { assertSpecWithinSize } from '@/lib/core/environments/spec-size';
import { Conflict, errorCode, InvalidInput } from '@/lib/core/errors';
import { contentHash } from '@/lib/core/hash';
import type { RevisionRecord } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import type { UpdateEnvironmentInput } from './environment-input';
import { getEnvironment } from './get-environment';

/**
 * Appends a revision on top of `expectedRevision`. A stale base is refused with the changes made
 * since, so the user can see what they would have overwritten.
 */
export async function updateEnvironment(
  ctx: UseCaseContext,
  name: string,
  expectedRevision: number,
  input: UpdateEnvironmentInput,
): Promise<RevisionRecord> {
  const actor = requireActor(ctx);
  if (input.spec.name !== name) {
    throw new InvalidInput('an environment cannot be renamed; clone it instead', [
      { path: 'spec.name', message: `must be ${name}` },
    ]);
  }
  assertSpecWithinSize(input.spec);
  const head = await getEnvironment(ctx, name);
  // Both the current and the new protection count: nobody but an admin may lift protection.
  enforce(canWriteEnvironment(actor, { protected: head.spec.protection.protected || input.spec.protection.protected, name }));
  if (head.number !== expectedRevision) throw await staleConflict(ctx, name, expectedRevision, head);
  const specHash = contentHash(input.spec);
  const changes = diffSpecs(head.spec, input.spec);
  try {
    return await ctx.deps.environments.appendRevision(
      { spec: input.spec, specHash, changeNote: input.changeNote, authorId: actor.userId, expectedRevision },
      auditEntry(ctx, {
        action: 'environment.updated',
        targetType: 'environment',
        targetName: name,
        summary: `revision ${expectedRevision + 1}: ${input.changeNote} (${changes.length} field${changes.length === 1 ? '' : 's'} changed)`,
      }),
    );
  } catch (error) {
    if (errorCode(error) !== 'conflict') throw error;
    const latest = await getEnvironment(ctx, name);
    throw await staleConflict(ctx, name, expectedRevision, latest);
  }
}

async function staleConflict(ctx: UseCaseContext, name: string, expectedRevision: number, head: RevisionRecord): Promise<Conflict> {
  const base = await ctx.deps.environments.findRevision(name, expectedRevision);
  return new Conflict(
    `${name} is at revision ${head.number}, not ${expectedRevision}: ${head.author.name} saved "${head.changeNote}" first. Review their changes and apply yours again.`,
    {
      currentRevision: head.number,
      changedBy: head.author.name,
      changes: base ? diffSpecs(base.spec, head.spec) : [],
    },
  );
}
