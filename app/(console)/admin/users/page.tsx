import type { Metadata } from 'next';
import { canManageUsers } from '@/lib/core/auth/roles';
import { getPageContext } from '@/lib/server/auth/page-context';
import { findUsers } from '@/lib/server/users/find-users';
import { toUserDto } from '@/lib/server/users/user-dto';
import { UserManager } from '@/components/users/user-manager';
import { ForbiddenState } from '@/components/ui/forbidden-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const ctx = await getPageContext('/admin/users');
  const decision = canManageUsers(ctx.actor);
  if (!decision.allowed) return <ForbiddenState title="Users" reason={decision.reason} />;
  const page = await findUsers(ctx, { limit: 100 });
  return (
    <>
      <PageHeader
        title="Users"
        description="Roles come from identity-provider groups. Where the provider issued a refresh token, groups are re-checked every 15 minutes; otherwise roles refresh at sign-in. Disabling someone ends their sessions and tokens at once."
      />
      <UserManager initialPage={{ items: page.items.map(toUserDto), nextCursor: page.nextCursor }} currentUserId={ctx.actor.userId} />
    </>
  );
}
