import { z } from 'zod';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { toApiTokenDto } from '@/lib/server/tokens/api-token-dto';
import { revokeApiToken } from '@/lib/server/tokens/revoke-api-token';

export const DELETE = apiRoute(async ({ ctx, params }) => {
  const id = parseOrThrow(z.uuid(), params.id, 'the token id');
  return json(toApiTokenDto(await revokeApiToken(ctx, id)));
});

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethodsNotAllowed({ DELETE });
