import { createWebhookBody } from '@/lib/core/notifications/webhook-contract';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readJsonBody } from '@/lib/server/http/read-json-body';
import { createWebhook } from '@/lib/server/notifications/create-webhook';
import { findWebhooks } from '@/lib/server/notifications/find-webhooks';
import { toWebhookDto } from '@/lib/server/notifications/webhook-dto';

export const GET = apiRoute(async ({ ctx, params }) => json({ items: (await findWebhooks(ctx, params.name!)).map(toWebhookDto) }));

export const POST = apiRoute(async ({ ctx, params, request }) => {
  const webhook = await createWebhook(ctx, params.name!, await readJsonBody(request, createWebhookBody));
  return json({ ...toWebhookDto(webhook), secret: webhook.secret }, 201, { 'cache-control': 'no-store' });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET, POST });
