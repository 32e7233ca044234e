import { canManageUsers } from '@/lib/core/auth/roles';
import { Conflict, InvalidInput, NotFound } from '@/lib/core/errors';
import type { UserSummary } from '@/lib/core/ports';
import { roleCheckLease, runRoleCheck, type RoleCheckResult } from '../auth/refresh-user-roles';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** An admin asks the identity provider about one person now, instead of waiting for the 15-minute check. */
export async function checkUserRole(ctx: UseCaseContext, id: string): Promise<{ result: RoleCheckResult; user: UserSummary }> {
  enforce(canManageUsers(requireActor(ctx)));
  if (!(await ctx.deps.users.findUserSummary(id))) throw new NotFound('no such user');
  const now = ctx.deps.now();
  const check = await ctx.deps.users.claimRoleCheck(id, now, roleCheckLease(now));
  if (check === 'busy') throw new Conflict('a check of this user with the identity provider is running; look again in a moment');
  if (!check) {
    throw new InvalidInput('this user’s role can only be refreshed at their next sign-in: the identity provider gave no refresh token, or the user is disabled', [
      { path: 'id', message: 'no identity provider check possible' },
    ]);
  }
  const result = await runRoleCheck(ctx.deps, check, ctx.requestId);
  return { result, user: (await ctx.deps.users.findUserSummary(id))! };
}
