import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readQuery } from '@/lib/server/http/query';
import { findUsers } from '@/lib/server/users/find-users';
import { toUserDto } from '@/lib/server/users/user-dto';
import { findUsersQuery } from '@/lib/server/users/user-input';

export const GET = apiRoute(async ({ ctx, url }) => {
  const page = await findUsers(ctx, readQuery(url, findUsersQuery));
  return json({ items: page.items.map(toUserDto), nextCursor: page.nextCursor });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
