import { describe, expect, it } from 'vitest';
import type { NotificationEvent } from '@/lib/core/notifications/notification-event';
import type { WebhookDeliveryQueue, WebhookRecord, WebhookStore } from '@/lib/core/notifications/webhook-ports';
import { defaultNotificationSettings } from './notification-settings';
import { QueueNotifier } from './queue-notifier';

// In-memory fakes (named as such) of the store and the queue: what the notifier decides, not Postgres.

const hook = (id: string, events: WebhookRecord['events']): WebhookRecord => ({ id, environment: 'prod', name: id, urlHint: 'https://x', format: 'generic', events, createdBy: 'a@b', createdAt: new Date() });
const event: NotificationEvent = { type: 'run.failed', environment: 'prod', occurredAt: '2026-12-02T00:00:00Z', actor: null, run: { runId: 'r', planId: 'p', revision: 1, kind: 'deploy' } };

function fakes(webhooks: WebhookRecord[], failing?: 'store' | 'queue') {
  const created: string[] = [];
  const queued: { id: string; retries: number }[] = [];
  const store = {
    findWebhooks: async () => {
      if (failing === 'store') throw new Error('database down');
      return webhooks;
    },
    createDeliveries: async (deliveries: { id: string; webhookId: string }[]) => {
      created.push(...deliveries.map((d) => d.webhookId));
      return [];
    },
  } as unknown as WebhookStore;
  const queue: WebhookDeliveryQueue = {
    enqueueWebhookDelivery: async (id, retry) => {
      if (failing === 'queue') throw new Error('queue down');
      queued.push({ id, retries: retry.retries });
    },
  };
  return { notifier: new QueueNotifier(store, queue, defaultNotificationSettings), created, queued };
}

describe('QueueNotifier', () => {
  it('queues one delivery per webhook that takes the event, with the configured retries', async () => {
    const { notifier, created, queued } = fakes([hook('all', []), hook('runs', ['run.failed']), hook('plans', ['plan.approved'])]);
    await notifier.notify(event);
    expect(created).toEqual(['all', 'runs']);
    expect(queued.map((q) => q.retries)).toEqual([defaultNotificationSettings.maxAttempts - 1, defaultNotificationSettings.maxAttempts - 1]);
  });

  it('never throws: what happened has happened, whether the webhooks hear of it or not', async () => {
    await expect(fakes([hook('all', [])], 'store').notifier.notify(event)).resolves.toBeUndefined();
    await expect(fakes([hook('all', [])], 'queue').notifier.notify(event)).resolves.toBeUndefined();
  });

  it('sends test events to nobody (they are queued for one webhook by send-test)', async () => {
    const { notifier, created } = fakes([hook('all', [])]);
    await notifier.notify({ type: 'webhook.test', environment: 'prod', occurredAt: '2026-12-02T00:00:00Z', actor: null, test: { webhook: 'x' } });
    expect(created).toEqual([]);
  });
});
