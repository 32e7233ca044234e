import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { toApiTokenDto } from '@/lib/server/tokens/api-token-dto';
import { getUser } from '@/lib/server/users/get-user';
import { toUserDto } from '@/lib/server/users/user-dto';
import { userId } from '@/lib/server/users/user-input';

export const GET = apiRoute(async ({ ctx, params }) => {
  const user = await getUser(ctx, parseOrThrow(userId, params.id, 'the user id'));
  return json({ ...toUserDto(user), tokens: user.tokens.map(toApiTokenDto) });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
