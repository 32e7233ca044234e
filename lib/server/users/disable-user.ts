import { canManageUsers } from '@/lib/core/auth/roles';
import { InvalidInput } from '@/lib/core/errors';
import type { UserSummary } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import type { DisableUserInput } from './user-input';

/**
 * Takes someone's access away now: their sessions end and their tokens are revoked at once, and
 * signing in again is refused until an admin enables them. Their IdP groups are not touched.
 */
export async function disableUser(ctx: UseCaseContext, id: string, input: DisableUserInput): Promise<UserSummary> {
  const actor = requireActor(ctx);
  enforce(canManageUsers(actor));
  // An admin locking themselves out could leave nobody to undo it.
  if (id === actor.userId) throw new InvalidInput('you cannot disable yourself; ask another admin', [{ path: 'id', message: 'is your own account' }]);
  return ctx.deps.users.disableUser(
    { id, reason: input.reason },
    auditEntry(ctx, { action: 'user.disabled', targetType: 'user', targetName: id, summary: `disabled by ${actor.email}: ${input.reason}` }),
  );
}
