import { canManageUsers } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import type { ApiTokenRecord } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';

/** An admin revokes every live API token of a person (a leaked laptop, someone leaving). */
export async function revokeUserTokens(ctx: UseCaseContext, userId: string): Promise<{ revoked: number }> {
  const actor = requireActor(ctx);
  enforce(canManageUsers(actor));
  const user = await ctx.deps.users.findUserSummary(userId);
  if (!user) throw new NotFound('no such user');
  const revoked = await ctx.deps.apiTokens.revokeAllTokens(
    userId,
    auditEntry(ctx, { action: 'api-token.revoked', targetType: 'user', targetName: user.email, summary: `every live API token of ${user.email} revoked by ${actor.email}` }),
  );
  return { revoked };
}

/** An admin revokes one API token of a person. */
export async function revokeUserToken(ctx: UseCaseContext, userId: string, tokenId: string): Promise<ApiTokenRecord> {
  const actor = requireActor(ctx);
  enforce(canManageUsers(actor));
  return ctx.deps.apiTokens.revokeToken(
    { userId, id: tokenId },
    auditEntry(ctx, { action: 'api-token.revoked', targetType: 'api-token', targetName: tokenId, summary: `revoked by ${actor.email} (an admin) for user ${userId}` }),
  );
}
