import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { checkUserRole } from '@/lib/server/users/check-user-role';
import { toUserDto } from '@/lib/server/users/user-dto';
import { userId } from '@/lib/server/users/user-input';

/** Asks the identity provider about the user now (the background check runs every 15 minutes). */
export const POST = apiRoute(async ({ ctx, params }) => {
  const { result, user } = await checkUserRole(ctx, parseOrThrow(userId, params.id, 'the user id'));
  return json({ result, user: toUserDto(user) });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
