import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';
import { disableUser } from '@/lib/server/users/disable-user';
import { toUserDto } from '@/lib/server/users/user-dto';
import { disableUserBody, userId } from '@/lib/server/users/user-input';

export const POST = apiRoute(async ({ ctx, params, request }) => {
  const id = parseOrThrow(userId, params.id, 'the user id');
  return json(toUserDto(await disableUser(ctx, id, await readJsonBody(request, disableUserBody))));
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
