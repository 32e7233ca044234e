import { canManageUsers } from '@/lib/core/auth/roles';
import type { UserSummary } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';

/** Lets a disabled person sign in again; their role still comes from their IdP groups at sign-in. */
export async function enableUser(ctx: UseCaseContext, id: string): Promise<UserSummary> {
  const actor = requireActor(ctx);
  enforce(canManageUsers(actor));
  return ctx.deps.users.enableUser(
    id,
    auditEntry(ctx, { action: 'user.enabled', targetType: 'user', targetName: id, summary: `enabled by ${actor.email}; signing in is allowed again` }),
  );
}
