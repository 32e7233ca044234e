import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { userId } from '@/lib/server/users/user-input';
import { revokeUserTokens } from '@/lib/server/users/revoke-user-tokens';

/** Revokes every live API token of the user. */
export const DELETE = apiRoute(async ({ ctx, params }) => json(await revokeUserTokens(ctx, parseOrThrow(userId, params.id, 'the user id'))));

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethodsNotAllowed({ DELETE });
