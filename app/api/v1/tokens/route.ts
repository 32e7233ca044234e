import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';
import { toApiTokenDto } from '@/lib/server/tokens/api-token-dto';
import { createApiTokenBody } from '@/lib/server/tokens/api-token-input';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { findApiTokens } from '@/lib/server/tokens/find-api-tokens';

export const GET = apiRoute(async ({ ctx }) => json({ items: (await findApiTokens(ctx)).map(toApiTokenDto) }));

export const POST = apiRoute(async ({ ctx, request }) => {
  const token = await createApiToken(ctx, await readJsonBody(request, createApiTokenBody));
  return json({ ...toApiTokenDto(token), secret: token.secret }, 201);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET, POST });
