import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { enableUser } from '@/lib/server/users/enable-user';
import { toUserDto } from '@/lib/server/users/user-dto';
import { userId } from '@/lib/server/users/user-input';

export const POST = apiRoute(async ({ ctx, params }) => json(toUserDto(await enableUser(ctx, parseOrThrow(userId, params.id, 'the user id')))));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
