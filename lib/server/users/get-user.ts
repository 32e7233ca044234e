import { canManageUsers } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import type { ApiTokenRecord, UserSummary } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** One person with their API tokens (never the secrets). */
export async function getUser(ctx: UseCaseContext, id: string): Promise<UserSummary & { tokens: ApiTokenRecord[] }> {
  enforce(canManageUsers(requireActor(ctx)));
  const user = await ctx.deps.users.findUserSummary(id);
  if (!user) throw new NotFound('no such user');
  return { ...user, tokens: await ctx.deps.apiTokens.findTokens(id) };
}
