import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { deleteWebhook } from '@/lib/server/notifications/delete-webhook';
import { toWebhookDto } from '@/lib/server/notifications/webhook-dto';
import { parseWebhookId } from '@/lib/server/notifications/webhook-id';

export const DELETE = apiRoute(async ({ ctx, params }) => json(toWebhookDto(await deleteWebhook(ctx, params.name!, parseWebhookId(params.id)))));

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethodsNotAllowed({ DELETE });
