import { canManageUsers } from '@/lib/core/auth/roles';
import { InvalidInput, NotFound } from '@/lib/core/errors';
import type { UserSummary } from '@/lib/core/ports';
import { runRoleCheck, type RoleCheckResult } from '../auth/refresh-user-roles';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** An admin asks the identity provider about one person now, instead of waiting for the 15-minute check. */
export async function checkUserRole(ctx: UseCaseContext, id: string): Promise<{ result: RoleCheckResult; user: UserSummary }> {
  enforce(canManageUsers(requireActor(ctx)));
  if (!(await ctx.deps.users.findUserSummary(id))) throw new NotFound('no such user');
  const check = await ctx.deps.users.claimRoleCheck(id, ctx.deps.now());
  if (!check) {
    throw new InvalidInput('this user’s role can only be refreshed at their next sign-in: the identity provider gave no refresh token, or the user is disabled', [
      { path: 'id', message: 'no identity provider check possible' },
    ]);
  }
  const result = await runRoleCheck(ctx.deps, check, ctx.requestId);
  return { result, user: (await ctx.deps.users.findUserSummary(id))! };
}
