import type { WebhookDeliveryDto, WebhookDto } from '@/lib/core/notifications/webhook-contract';
import type { DeliveryRecord, WebhookRecord } from '@/lib/core/notifications/webhook-ports';

export function toWebhookDto(webhook: WebhookRecord): WebhookDto {
  return { ...webhook, createdAt: webhook.createdAt.toISOString() };
}

export function toDeliveryDto(delivery: DeliveryRecord): WebhookDeliveryDto {
  return {
    id: delivery.id,
    event: delivery.event,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastResponse: delivery.lastResponse,
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
  };
}
