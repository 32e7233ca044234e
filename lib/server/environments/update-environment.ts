import { canWriteEnvironment } from '@/lib/core/auth/roles';
import { canLowerProtection, protectionLowering } from '@/lib/core/environments/protection-policy';
import { diffSpecs } from '@/lib/core/environments/spec-diff';
import { assertSpecWithinSize } from '@/lib/core/environments/spec-size';
import { Conflict, errorCode, InvalidInput } from '@/lib/core/errors';
import { contentHash } from '@/lib/core/hash';
import type { RevisionRecord } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import type { UpdateEnvironmentInput } from './environment-input';
import { getEnvironment } from './get-environment';
import { requireRegisteredCluster } from './require-registered-cluster';

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
  const lowering = protectionLowering(head.spec.protection, input.spec.protection);
  enforce(canLowerProtection(actor, name, lowering));
  if (head.number !== expectedRevision) throw await staleConflict(ctx, name, expectedRevision, head);
  await requireRegisteredCluster(ctx, input.spec.cluster);
  const specHash = contentHash(input.spec);
  const changes = diffSpecs(head.spec, input.spec);
  const summary = `revision ${expectedRevision + 1}: ${input.changeNote} (${changes.length} field${changes.length === 1 ? '' : 's'} changed)`;
  try {
    return await ctx.deps.environments.appendRevision(
      { spec: input.spec, specHash, changeNote: input.changeNote, authorId: actor.userId, expectedRevision },
      auditEntry(ctx, {
        // Weakening the approval gate is its own event, so an audit search finds every instance.
        action: lowering.length ? 'environment.protection-lowered' : 'environment.updated',
        targetType: 'environment',
        targetName: name,
        summary: lowering.length ? `${summary}; approval gate lowered: ${lowering.join(', ')}` : summary,
      }),
    );
  } catch (error) {
    if (errorCode(error) !== 'conflict') throw error;
    // A head that has not moved means another conflict (a deploy target taken): pass it on.
    const latest = await getEnvironment(ctx, name);
    if (latest.number === expectedRevision) throw error;
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
