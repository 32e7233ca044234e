import { randomUUID } from 'node:crypto';
import { canManageWebhooks } from '@/lib/core/auth/roles';
import { testEventType } from '@/lib/core/notifications/notification-event';
import type { DeliveryRecord } from '@/lib/core/notifications/webhook-ports';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { retryOf } from './notification-settings';

/** Queues a test event to one webhook, delivered (and retried, and logged) like any other. */
export async function sendTestNotification(ctx: UseCaseContext, environment: string, webhookId: string): Promise<DeliveryRecord> {
  const actor = requireActor(ctx);
  enforce(canManageWebhooks(actor));
  const webhook = await ctx.deps.webhooks.getWebhook(environment, webhookId);
  const [delivery] = await ctx.deps.webhooks.createDeliveries([{ id: randomUUID(), webhookId: webhook.id }], {
    type: testEventType,
    environment,
    occurredAt: ctx.deps.now().toISOString(),
    actor: actor.email,
    test: { webhook: webhook.name },
  });
  await ctx.deps.webhookQueue.enqueueWebhookDelivery(delivery!.id, retryOf(ctx.deps.notifications));
  return delivery!;
}
