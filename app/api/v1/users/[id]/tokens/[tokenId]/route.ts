import { z } from 'zod';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { toApiTokenDto } from '@/lib/server/tokens/api-token-dto';
import { userId } from '@/lib/server/users/user-input';
import { revokeUserToken } from '@/lib/server/users/revoke-user-tokens';

export const DELETE = apiRoute(async ({ ctx, params }) => {
  const token = await revokeUserToken(ctx, parseOrThrow(userId, params.id, 'the user id'), parseOrThrow(z.uuid(), params.tokenId, 'the token id'));
  return json(toApiTokenDto(token));
});

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethodsNotAllowed({ DELETE });
