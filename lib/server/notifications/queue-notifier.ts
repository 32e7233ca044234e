import { randomUUID } from 'node:crypto';
import { webhookReceives, type NotificationEvent } from '@/lib/core/notifications/notification-event';
import type { WebhookDeliveryQueue, WebhookStore } from '@/lib/core/notifications/webhook-ports';
import type { Notifier } from '@/lib/core/ports';
import { logger } from '../logger';
import { retryOf, type NotificationSettings } from './notification-settings';

/**
 * The Notifier: a delivery row per webhook of the environment that takes the event, and a job for
 * each. The use case that notifies has done its work already; nothing here can undo or fail it.
 */
export class QueueNotifier implements Notifier {
  constructor(
    private readonly webhooks: WebhookStore,
    private readonly queue: WebhookDeliveryQueue,
    private readonly settings: NotificationSettings,
  ) {}

  async notify(event: NotificationEvent): Promise<void> {
    try {
      if (event.type === 'webhook.test') return;
      const type = event.type;
      const targets = (await this.webhooks.findWebhooks(event.environment)).filter((webhook) => webhookReceives(webhook.events, type));
      const deliveries = targets.map((webhook) => ({ id: randomUUID(), webhookId: webhook.id }));
      await this.webhooks.createDeliveries(deliveries, event);
      for (const delivery of deliveries) await this.queue.enqueueWebhookDelivery(delivery.id, retryOf(this.settings));
    } catch (error) {
      logger.warn('could not queue webhook notifications', { event: event.type, environment: event.environment, error: (error as Error).message });
    }
  }
}
