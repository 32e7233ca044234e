import { canManageUsers } from '@/lib/core/auth/roles';
import type { Page, UserSummary } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';
import type { FindUsersQuery } from './user-input';

/** People who have signed in, oldest id first; `email` finds everyone using that address (emails are not unique). */
export async function findUsers(ctx: UseCaseContext, query: FindUsersQuery): Promise<Page<UserSummary>> {
  enforce(canManageUsers(requireActor(ctx)));
  return ctx.deps.users.findUsers(query);
}
