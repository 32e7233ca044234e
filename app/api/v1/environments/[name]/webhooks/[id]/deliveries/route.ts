import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { findWebhookDeliveries } from '@/lib/server/notifications/find-webhooks';
import { toDeliveryDto } from '@/lib/server/notifications/webhook-dto';
import { parseWebhookId } from '@/lib/server/notifications/webhook-id';

export const GET = apiRoute(async ({ ctx, params }) => json({ items: (await findWebhookDeliveries(ctx, params.name!, parseWebhookId(params.id))).map(toDeliveryDto) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
